import * as client from "openid-client";
import type { ProviderIdentity } from "@conduit/api";
import type { ProviderSetting } from "../config.ts";
import { isLoopbackAddress } from "../http/loopback.ts";

// The provider side of "Sign in with <provider>": each provider's client configuration, and who
// it says signed in. The routes and the cookie flow are plugins/provider-sign-in.ts.

/** The client configuration of a provider: OIDC discovery at first use (then cached), or GitHub's fixed endpoints. */
export function configurations() {
  const cache = new Map<string, Promise<client.Configuration>>();
  const make = async (p: ProviderSetting): Promise<client.Configuration> => {
    if (p.kind === "github") {
      const urls = p.githubUrls ?? {
        authorize: "https://github.com/login/oauth/authorize",
        token: "https://github.com/login/oauth/access_token",
        api: "https://api.github.com",
      };
      const config = new client.Configuration(
        { issuer: "https://github.com", authorization_endpoint: urls.authorize, token_endpoint: urls.token },
        p.clientId,
        p.clientSecret,
      );
      if (isLoopbackAddress(new URL(urls.token).hostname)) client.allowInsecureRequests(config);
      return config;
    }
    const issuer = new URL(p.issuer!);
    // Plain http only for a provider on this machine (the tests'); openid-client refuses it otherwise.
    const execute = issuer.protocol === "http:" && isLoopbackAddress(issuer.hostname) ? [client.allowInsecureRequests] : [];
    return client.discovery(issuer, p.clientId, p.clientSecret, undefined, { execute });
  };
  return (p: ProviderSetting) => {
    let found = cache.get(p.id);
    if (!found) {
      found = make(p);
      // A failed discovery is tried again on the next sign-in, not cached.
      found.catch(() => cache.delete(p.id));
      cache.set(p.id, found);
    }
    return found;
  };
}

/** GitHub is OAuth 2 without ID tokens: who signed in, and their primary address if GitHub verified it. */
export async function githubIdentity(p: ProviderSetting, accessToken: string): Promise<ProviderIdentity> {
  const api = p.githubUrls?.api ?? "https://api.github.com";
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${api}${path}`, {
      headers: { authorization: `Bearer ${accessToken}`, accept: "application/vnd.github+json" },
    });
    if (!res.ok) throw new Error(`GitHub ${path} answered ${res.status}`);
    return (await res.json()) as T;
  };
  const user = await get<{ id: number; login: string }>("/user");
  const emails = await get<{ email: string; primary: boolean; verified: boolean }[]>("/user/emails");
  const primary = emails.find((e) => e.primary) ?? null;
  return {
    provider: p.id,
    subject: String(user.id),
    email: primary?.email ?? null,
    emailVerified: primary?.verified === true,
    username: user.login,
    mfa: false,
  };
}

/** Claims in `amr` that mean the user gave more than a password at the provider (RFC 8176). */
const mfaMethods = new Set(["mfa", "otp", "hwk", "swk", "sms", "fpt", "face", "iris", "pin"]);

/** Who an OpenID provider says signed in: the ID token's claims, and userinfo when they lack the address. */
export async function oidcIdentity(
  p: ProviderSetting,
  config: client.Configuration,
  tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers,
): Promise<ProviderIdentity> {
  const claims = tokens.claims()!;
  const info = claims.email === undefined ? await client.fetchUserInfo(config, tokens.access_token, claims.sub) : claims;
  const amr = Array.isArray(claims.amr) ? (claims.amr as string[]) : [];
  return {
    provider: p.id,
    subject: claims.sub,
    email: typeof info.email === "string" ? info.email : null,
    emailVerified: info.email_verified === true,
    username: typeof info.preferred_username === "string" ? info.preferred_username : null,
    mfa: amr.some((m) => mfaMethods.has(m)),
  };
}
