import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc.ts";

/** The signed-in user from the session cookie, or null; survives a reload because the cookie does. */
export function useCurrentUser() {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.users.whoami.queryOptions(), retry: false, staleTime: 60_000 });
  const user = query.isError ? null : (query.data ?? null);
  return {
    user,
    isLoading: query.isLoading,
    /**
     * Whether the user's roles grant `permission` (`resolve:report:any`): only to decide what to
     * show, since the server checks every call again.
     */
    can: (permission: string) => user?.permissions.includes(permission) ?? false,
  };
}
