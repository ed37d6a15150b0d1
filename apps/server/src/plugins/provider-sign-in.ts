import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import fastifyCookie from "@fastify/cookie";
import * as client from "openid-client";
import { resolveIdentity, providerSession, type ProviderIdentity } from "@conduit/api";
import { sessionCookieName, sessionCookieOptions } from "@conduit/auth";
import type { ProviderSetting } from "../config.ts";
import { contextForRequest, type ContextDeps } from "../http/request-context.ts";
import { oidcFlowCookies, oidcPendingCookie } from "../http/cookie-names.ts";

/** How long a sign-in may take at the provider: its state, nonce and verifier cookies live this long. */
const flowSeconds = 10 * 60;
const pendingCookieName = oidcPendingCookie;
const flowCookie = oidcFlowCookies;
/** Claims in `amr` that mean the user gave more than a password at the provider (RFC 8176). */
const mfaMethods = new Set(["mfa", "otp", "hwk", "swk", "sms", "fpt", "face", "iris", "pin"]);

interface Options {
  providers: ProviderSetting[];
  context: ContextDeps;
  secure: boolean;
  cookieSecret: string;
}

const isLoopback = (url: URL) => url.hostname === "127.0.0.1" || url.hostname === "localhost" || url.hostname === "[::1]";

/** The client configuration of a provider: OIDC discovery at first use (then cached), or GitHub's fixed endpoints. */
function configurations() {
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
      if (isLoopback(new URL(urls.token))) client.allowInsecureRequests(config);
      return config;
    }
    const issuer = new URL(p.issuer!);
    // Plain http only for a provider on this machine (the tests'); openid-client refuses it otherwise.
    const execute = issuer.protocol === "http:" && isLoopback(issuer) ? [client.allowInsecureRequests] : [];
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
async function githubIdentity(p: ProviderSetting, accessToken: string): Promise<ProviderIdentity> {
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

/**
 * "Sign in with <provider>": `/auth/<id>/start` sends the browser to the provider with PKCE (S256),
 * `state` and `nonce` (each kept in a short-lived HttpOnly SameSite=Lax cookie); the provider
 * sends it back to `/auth/<id>/callback`, which checks all three (and the ID token) before it
 * believes anything, uses the cookies up, and signs in, connects, or asks for one more step.
 * No provider token is stored.
 */
export const providerSignInPlugin: FastifyPluginAsync<Options> = async (app, { providers, context, secure, cookieSecret }) => {
  await app.register(fastifyCookie, { secret: cookieSecret });
  const configurationOf = configurations();
  const byId = new Map(providers.map((p) => [p.id, p]));
  const redirectUri = (p: ProviderSetting) => new URL(`auth/${p.id}/callback`, context.app.publicUrl).toString();
  const flowCookieOptions = { httpOnly: true, sameSite: "lax" as const, secure, path: "/auth", maxAge: flowSeconds };
  const back = (reply: FastifyReply, to: string) => reply.redirect(new URL(to, context.app.publicUrl).toString());
  const refuse = (reply: FastifyReply, reason: string) =>
    reply
      .code(400)
      .type("text/html")
      .send(`<!doctype html><title>Sign-in failed</title><p>Sign-in failed: ${reason}.</p><p><a href="/login">Sign in again</a></p>`);

  app.get("/auth/providers", async () => providers.map((p) => ({ id: p.id, name: p.name })));

  app.get<{ Params: { id: string }; Querystring: { intent?: string } }>("/auth/:id/start", async (req, reply) => {
    const p = byId.get(req.params.id);
    if (!p) return reply.code(404).send({ errors: { provider: ["not found"] } });
    const config = await configurationOf(p);
    const state = client.randomState();
    const verifier = client.randomPKCECodeVerifier();
    const nonce = client.randomNonce();
    const parameters: Record<string, string> = {
      redirect_uri: redirectUri(p),
      scope: p.kind === "github" ? "read:user user:email" : p.scopes,
      state,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
    };
    if (p.kind === "oidc") parameters.nonce = nonce;
    // The intent rides in the state cookie: a connect from settings needs the signed-in session too.
    const intent = req.query.intent === "connect" ? "connect" : "sign-in";
    reply.setCookie(flowCookie.state, `${p.id}:${intent}:${state}`, flowCookieOptions);
    reply.setCookie(flowCookie.nonce, nonce, flowCookieOptions);
    reply.setCookie(flowCookie.verifier, verifier, flowCookieOptions);
    return reply.redirect(client.buildAuthorizationUrl(config, parameters).toString());
  });

  app.get<{ Params: { id: string } }>("/auth/:id/callback", async (req, reply) => {
    const p = byId.get(req.params.id);
    if (!p) return reply.code(404).send({ errors: { provider: ["not found"] } });
    const [cookieProvider, intent, state] = (req.cookies[flowCookie.state] ?? "").split(":");
    const nonce = req.cookies[flowCookie.nonce];
    const verifier = req.cookies[flowCookie.verifier];
    // Used up whatever happens next: a replayed callback finds no state.
    for (const name of Object.values(flowCookie)) reply.clearCookie(name, { path: "/auth" });
    if (!state || !nonce || !verifier || cookieProvider !== p.id)
      return refuse(reply, "this sign-in was not started here, or took too long");
    const url = new URL(req.url, context.app.publicUrl);
    if (url.searchParams.get("state") !== state) return refuse(reply, "the provider's answer does not belong to this sign-in");
    if (url.searchParams.get("error")) return refuse(reply, "the provider did not sign you in");

    let identity: ProviderIdentity;
    try {
      const config = await configurationOf(p);
      const tokens = await client.authorizationCodeGrant(
        config,
        url,
        p.kind === "oidc"
          ? { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true }
          : { pkceCodeVerifier: verifier, expectedState: state },
      );
      if (p.kind === "github") identity = await githubIdentity(p, tokens.access_token);
      else {
        const claims = tokens.claims()!;
        const info = claims.email === undefined ? await client.fetchUserInfo(config, tokens.access_token, claims.sub) : claims;
        const amr = Array.isArray(claims.amr) ? (claims.amr as string[]) : [];
        identity = {
          provider: p.id,
          subject: claims.sub,
          email: typeof info.email === "string" ? info.email : null,
          emailVerified: info.email_verified === true,
          username: typeof info.preferred_username === "string" ? info.preferred_username : null,
          mfa: amr.some((m) => mfaMethods.has(m)),
        };
      }
    } catch (error) {
      req.log.warn({ provider: p.id, reason: (error as Error).message }, "provider sign-in refused");
      return refuse(reply, "the provider's answer could not be verified");
    }

    const ctx = contextForRequest(context, req as FastifyRequest, reply, "cookie-or-header");
    const signedIn = intent === "connect" ? await ctx.getAuth() : null;
    const outcome = await resolveIdentity(ctx, identity, { signedInUserId: signedIn?.user.id ?? null, trustMfa: p.trustMfa });
    switch (outcome.kind) {
      case "signed-in": {
        const { token, session } = await providerSession(ctx, outcome.userId, outcome.secondFactorPending);
        reply.setCookie(sessionCookieName, token, sessionCookieOptions(session.expiresAt, secure));
        return back(reply, outcome.secondFactorPending ? "login?second-factor=1" : "");
      }
      case "connected":
        return back(reply, `settings?connected=${p.id}`);
      case "choose-username":
      case "prove-account":
        reply.setCookie(pendingCookieName, outcome.pendingToken, { ...flowCookieOptions, path: "/" });
        return back(reply, outcome.kind === "choose-username" ? "welcome" : `login?connect=${p.id}`);
      case "refused":
        return back(reply, `login?provider-error=${outcome.reason}`);
    }
  });
};
