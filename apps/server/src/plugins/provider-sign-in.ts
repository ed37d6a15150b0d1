import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import * as client from "openid-client";
import { resolveIdentity, providerSession, type ProviderIdentity } from "@conduit/api";
import { sessionCookieName, sessionCookieOptions } from "@conduit/auth";
import type { ProviderSetting } from "../config.ts";
import { contextForRequest, type ContextDeps } from "../http/request-context.ts";
import { oidcFlowCookies, oidcPendingCookie } from "../http/cookie-names.ts";
import { configurations, githubIdentity, oidcIdentity } from "../providers/provider-clients.ts";
import { signInFailedPage } from "../providers/sign-in-failed-page.ts";

/** How long a sign-in may take at the provider: its state, nonce and verifier cookies live this long. */
const flowSeconds = 10 * 60;

interface Options {
  providers: ProviderSetting[];
  context: ContextDeps;
  secure: boolean;
}

/**
 * "Sign in with <provider>": `/auth/<id>/start` sends the browser to the provider with PKCE (S256),
 * `state` and `nonce` (each kept in a short-lived HttpOnly SameSite=Lax cookie); the provider
 * sends it back to `/auth/<id>/callback`, which checks all three (and the ID token) before it
 * believes anything, uses the cookies up, and signs in, connects, or asks for one more step.
 * No provider token is stored. Cookies are parsed by the browser scope it is registered in (server.ts).
 */
export const providerSignInPlugin: FastifyPluginAsync<Options> = async (app, { providers, context, secure }) => {
  const configurationOf = configurations();
  const byId = new Map(providers.map((p) => [p.id, p]));
  const redirectUri = (p: ProviderSetting) => new URL(`auth/${p.id}/callback`, context.app.publicUrl).toString();
  const flowCookieOptions = { httpOnly: true, sameSite: "lax" as const, secure, path: "/auth", maxAge: flowSeconds };
  const back = (reply: FastifyReply, to: string) => reply.redirect(new URL(to, context.app.publicUrl).toString());
  const refuse = (reply: FastifyReply, reason: string) => reply.code(400).type("text/html").send(signInFailedPage(reason));

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
    reply.setCookie(oidcFlowCookies.state, `${p.id}:${intent}:${state}`, flowCookieOptions);
    reply.setCookie(oidcFlowCookies.nonce, nonce, flowCookieOptions);
    reply.setCookie(oidcFlowCookies.verifier, verifier, flowCookieOptions);
    return reply.redirect(client.buildAuthorizationUrl(config, parameters).toString());
  });

  app.get<{ Params: { id: string } }>("/auth/:id/callback", async (req, reply) => {
    const p = byId.get(req.params.id);
    if (!p) return reply.code(404).send({ errors: { provider: ["not found"] } });
    const [cookieProvider, intent, state] = (req.cookies[oidcFlowCookies.state] ?? "").split(":");
    const nonce = req.cookies[oidcFlowCookies.nonce];
    const verifier = req.cookies[oidcFlowCookies.verifier];
    // Used up whatever happens next: a replayed callback finds no state.
    for (const name of Object.values(oidcFlowCookies)) reply.clearCookie(name, { path: "/auth" });
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
      identity = p.kind === "github" ? await githubIdentity(p, tokens.access_token) : await oidcIdentity(p, config, tokens);
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
        reply.setCookie(oidcPendingCookie, outcome.pendingToken, { ...flowCookieOptions, path: "/" });
        return back(reply, outcome.kind === "choose-username" ? "welcome" : `login?connect=${p.id}`);
      case "refused":
        return back(reply, `login?provider-error=${outcome.reason}`);
    }
  });
};
