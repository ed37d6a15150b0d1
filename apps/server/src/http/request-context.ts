import type { FastifyReply, FastifyRequest } from "fastify";
import { createContextInner, type AppDeps, type Context, type ProcedureCall } from "@conduit/api";
import { sessionCookieName, sessionCookieOptions, tokenFromRequest } from "@conduit/auth";
import { oidcPendingCookie } from "./cookie-names.ts";

/** What the HTTP layer adds to the app's shared dependencies: how cookies are set, and metrics per surface. */
export interface ContextDeps {
  app: AppDeps;
  secureCookies: boolean;
  /** Metrics observers per surface, when metrics are on. */
  onProcedure?: { rest: (call: ProcedureCall) => void; trpc: (call: ProcedureCall) => void };
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
  const context = createContextInner(deps.app, {
    token: tokenFromRequest(req.headers.authorization, withCookies ? req.cookies[sessionCookieName] : undefined),
    ip: req.ip,
    userAgent: req.headers["user-agent"] ?? null,
    requestId: req.id,
    log: req.log,
    oidcPending: withCookies ? req.cookies[oidcPendingCookie] : null,
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
