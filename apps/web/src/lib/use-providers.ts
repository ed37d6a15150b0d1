import { useQuery } from "@tanstack/react-query";

/** The sign-in providers the server is configured with (none: the server has no /auth routes). */
export function useProviders(): { id: string; name: string }[] {
  const providers = useQuery({
    queryKey: ["auth-providers"],
    staleTime: Infinity,
    retry: false,
    queryFn: async () => {
      const res = await fetch("/auth/providers", { credentials: "same-origin" });
      return res.ok ? ((await res.json()) as { id: string; name: string }[]) : [];
    },
  });
  return providers.data ?? [];
}

/** Why a provider sign-in came back refused, in words. */
export const providerRefusals: Record<string, string> = {
  "email-unverified":
    "That provider has not verified your address, which an account here already uses. Sign in with your password, then connect the provider in Settings.",
  "connected-elsewhere": "That provider account is connected to another account here.",
  banned: "This account is banned.",
  "no-email": "That provider did not tell us your email address, which an account needs.",
};
