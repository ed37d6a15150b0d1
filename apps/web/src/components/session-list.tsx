import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc.ts";
import { ActionErrors } from "./field-errors.tsx";
import { ErrorState, Loading } from "./states.tsx";

/** Where the account is signed in: each session's device, address and times, and a button to end it. */
export function SessionList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sessions = useQuery(trpc.account.sessions.queryOptions());
  const end = useMutation(
    trpc.account.endSession.mutationOptions({
      onSettled: () => void queryClient.invalidateQueries({ queryKey: trpc.account.sessions.queryKey() }),
    }),
  );
  return (
    <section aria-label="Sessions">
      <h2>Sessions</h2>
      {sessions.isLoading ? (
        <Loading what="your sessions" />
      ) : sessions.isError ? (
        <ErrorState error={sessions.error} />
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th>Device</th>
              <th>Address</th>
              <th>Signed in</th>
              <th>Last used</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {sessions.data!.map((s) => (
              <tr key={s.id}>
                <td>
                  {s.device}
                  {s.current && <strong> · this one</strong>}
                </td>
                <td>{s.ip ?? "—"}</td>
                <td>{new Date(s.createdAt).toLocaleString()}</td>
                <td>{new Date(s.lastUsedAt).toLocaleString()}</td>
                <td>
                  {!s.current && (
                    <button type="button" className="btn btn-danger-outline" onClick={() => end.mutate({ id: s.id })}>
                      End session on {s.device}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ActionErrors error={end.error} />
    </section>
  );
}
