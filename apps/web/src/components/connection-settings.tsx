import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc.ts";
import { useProviders } from "../lib/use-providers.ts";
import { ActionErrors } from "./field-errors.tsx";

/** The sign-in providers connected to the account: connect another, or disconnect one (never the last way in). */
export function ConnectionSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const providers = useProviders();
  const connections = useQuery(trpc.connections.list.queryOptions());
  const remove = useMutation(
    trpc.connections.remove.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.connections.list.queryKey() }),
    }),
  );
  if (!providers.length) return null;
  const connected = new Map((connections.data ?? []).map((c) => [c.provider, c]));
  return (
    <section aria-label="Connected accounts">
      <h2>Connected accounts</h2>
      <ul>
        {providers.map((p) => (
          <li key={p.id}>
            {p.name}:{" "}
            {connected.has(p.id) ? (
              <>
                connected{connected.get(p.id)!.email ? ` as ${connected.get(p.id)!.email}` : ""}{" "}
                <button type="button" className="btn btn-link" onClick={() => remove.mutate({ provider: p.id })}>
                  Disconnect {p.name}
                </button>
              </>
            ) : (
              <a href={`/auth/${p.id}/start?intent=connect`}>Connect {p.name}</a>
            )}
          </li>
        ))}
      </ul>
      <ActionErrors error={remove.error} />
    </section>
  );
}
