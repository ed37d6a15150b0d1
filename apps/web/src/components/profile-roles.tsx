import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc.ts";
import { ActionErrors } from "./field-errors.tsx";

const grantable = ["moderator", "admin"] as const;

/** On a profile, for admins: the account's roles, each grantable or revocable with one click. */
export function ProfileRoles({ username }: { username: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const roles = useQuery(trpc.roles.of.queryOptions({ username }));
  const onSuccess = (data: { roles: string[] }) => queryClient.setQueryData(trpc.roles.of.queryKey({ username }), data);
  const grant = useMutation(trpc.roles.grant.mutationOptions({ onSuccess }));
  const revoke = useMutation(trpc.roles.revoke.mutationOptions({ onSuccess }));
  if (!roles.data) return null;
  const held = roles.data.roles;
  return (
    <div className="profile-roles" aria-label="Roles">
      <p>Roles: {held.join(", ")}</p>
      {grantable.map((role) =>
        held.includes(role) ? (
          <button key={role} type="button" className="btn btn-outline" onClick={() => revoke.mutate({ username, role })}>
            Revoke {role}
          </button>
        ) : (
          <button key={role} type="button" className="btn btn-outline" onClick={() => grant.mutate({ username, role })}>
            Make {role}
          </button>
        ),
      )}
      <ActionErrors error={grant.error ?? revoke.error} />
    </div>
  );
}
