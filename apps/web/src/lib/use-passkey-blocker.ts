import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc.ts";
import { passkeyBlocker } from "./passkeys.ts";

/**
 * Whether passkeys can work on this page: `undefined` while the server's relying party loads,
 * null when they can, or why not (and where they do).
 */
export function usePasskeyBlocker() {
  const trpc = useTRPC();
  const party = useQuery({ ...trpc.passkeys.relyingParty.queryOptions(), staleTime: Infinity });
  if (!party.data) return undefined;
  return passkeyBlocker(party.data.origin, { href: window.location.href, hasWebAuthn: "PublicKeyCredential" in window });
}
