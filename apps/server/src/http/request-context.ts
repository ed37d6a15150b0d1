import type { FastifyReply, FastifyRequest } from "fastify";
import { createContextInner, type AuthRateLimiter, type Context, type ContextInput, type Live, type ProcedureCall } from "@conduit/api";
import { sessionCookieName, sessionCookieOptions, tokenFromRequest } from "@conduit/auth";
import type { Db } from "@conduit/db";

export interface ContextDeps {
  db: Db;
  authRateLimiter: AuthRateLimiter;
  secureCookies: boolean;
  live: Live;
  /** Metrics observers per surface, when metrics are on. */
  onProcedure?: { rest: (call: ProcedureCall) => void; trpc: (call: ProcedureCall) => void };
  jobs?: ContextInput["jobs"];
  publicUrl: string;
  emailVerification: ContextInput["emailVerification"];
  totpKeys: ContextInput["totpKeys"] | null;
  webAuthn: ContextInput["webAuthn"];
}

/** Which credentials a surface reads: the REST API header tokens only, tRPC the cookie too. */
export type Transport = "cookie-or-header" | "header";

const contexts = new WeakMap<FastifyRequest, Context>();

/** The request's context if a hook or the procedures already made it. */
export const existingContext = (req: FastifyRequest): Context | undefined => contexts.get(req);

/**
 * The procedures' context for one HTTP request: its credentials, IP, request id and logger.
 * `/trpc` (the web app's transport) authenticates by cookie or header and sets the cookie;
 * the REST surface is for API clients and, as RealWorld specifies, reads the header token only.
 * One per request, so hooks that ask who is calling (idempotency keys) and the procedures share
 * one session lookup, and a renewal it makes sets the cookie once.
 */
export function contextForRequest(deps: ContextDeps, req: FastifyRequest, reply: FastifyReply, transport: Transport): Context {
  const existing = contexts.get(req);
  if (existing) return existing;
  const withCookies = transport === "cookie-or-header";
  const context = createContextInner({
    db: deps.db,
    token: tokenFromRequest(req.headers.authorization, withCookies ? req.cookies[sessionCookieName] : undefined),
    ip: req.ip,
    userAgent: req.headers["user-agent"] ?? null,
    requestId: req.id,
    log: req.log,
    authRateLimiter: deps.authRateLimiter,
    live: deps.live,
    jobs: deps.jobs,
    publicUrl: deps.publicUrl,
    oidcPending: withCookies ? req.cookies["conduit_oidc_pending"] : null,
    emailVerification: deps.emailVerification,
    totpKeys: deps.totpKeys,
    webAuthn: deps.webAuthn,
    onProcedure: deps.onProcedure?.[withCookies ? "trpc" : "rest"],
    cookies: withCookies
      ? {
          set: (token, expiresAt) => void reply.setCookie(sessionCookieName, token, sessionCookieOptions(expiresAt, deps.secureCookies)),
          clear: () => void reply.clearCookie(sessionCookieName, { path: "/" }),
        }
      : undefined,
  });
  contexts.set(req, context);
  return context;
}
