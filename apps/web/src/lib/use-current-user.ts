import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc.ts";

/** The signed-in user from the session cookie, or null; survives a reload because the cookie does. */
export function useCurrentUser() {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.users.whoami.queryOptions(), retry: false, staleTime: 60_000 });
  return { user: query.isError ? null : (query.data ?? null), isLoading: query.isLoading };
}
