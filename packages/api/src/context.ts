import type { Db, IdempotencyClaim } from "@conduit/db";
import type { JobQueue } from "@conduit/jobs";
import type { ApiJobs } from "./shared/job-kinds.ts";
import { validateSessionToken, type SessionUser, type ValidSession } from "@conduit/auth";
import type { AuthRateLimiter } from "./limits/auth-rate-limiter.ts";
import { silentLogger, type Logger } from "./shared/logger.ts";
import type { Live } from "./shared/live-hub.ts";
import type { SecretKeys } from "./shared/secret-box.ts";

/** How the HTTP layer sets and clears the session cookie; absent for header-only callers. */
interface SessionCookies {
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

/**
 * What every request shares, built once from the configuration (apps/server/src/app-deps.ts).
 * A new setting the procedures need is one field here and one line there.
 */
export interface AppDeps {
  db: Db;
  /** Log-in, registration, code and second-factor limits. */
  authRateLimiter: AuthRateLimiter;
  /** This instance's event feed and stream limits; null: the database's defaults. */
  live: Live | null;
  /** The job queue, for work a change leaves for later (mail); null: codes and links are refused, notices skipped (shared/mail-queue.ts). */
  jobs: JobQueue<ApiJobs> | null;
  /** Where people reach the web app, for links in mail. */
  publicUrl: string;
  /** EMAIL_VERIFICATION: with "required", an unverified account may not write content. */
  emailVerification: "optional" | "required";
  /** The keys TOTP secrets are sealed with (TOTP_ENCRYPTION_KEY, or the development key); null: no TOTP. */
  totpKeys: SecretKeys | null;
  /** Where passkeys are used: the relying party's id (a host name) and the web app's origin. */
  webAuthn: { rpId: string; origin: string };
}

/** What one request brings; an in-process caller (a test, a script) may bring none of it. */
export interface RequestFacts {
  /** The session token from `Authorization` or the cookie, if any. */
  token?: string | null;
  ip?: string;
  /** The client's User-Agent, for the audit log. */
  userAgent?: string | null;
  requestId?: string;
  log?: Logger;
  cookies?: SessionCookies;
  /** The value of the cookie naming a provider sign-in waiting for its last step. */
  oidcPending?: string | null;
  /** Told of every finished call (metrics); no inputs, no user. */
  onProcedure?: (call: ProcedureCall) => void;
  now?: () => Date;
}

/** A finished procedure call, as the HTTP layer's metrics see it. */
export interface ProcedureCall {
  procedure: string;
  type: string;
  /** "OK" or the tRPC error code. */
  code: string;
  seconds: number;
}

interface Auth {
  session: ValidSession;
  user: SessionUser;
  /** What the caller's roles grant, `action:entity:own|any`, loaded with the session. */
  permissions: ReadonlySet<string>;
  token: string;
}

/**
 * What procedures need, with no HTTP in it: tests build it directly. The session is resolved
 * lazily and at most once per request, only by procedures that ask who is calling.
 */
export function createContextInner(deps: AppDeps, input: RequestFacts = {}) {
  const { db } = deps;
  const { token = null, now = () => new Date() } = input;
  let auth: Promise<Auth | null> | undefined;
  const lookUp = () =>
    (auth ??= (async () => {
      if (!token) return null;
      const valid = await validateSessionToken({ db, now }, token, { ip: input.ip });
      if (!valid) return null;
      if (valid.session.renewed) input.cookies?.set(token, valid.session.expiresAt);
      return { ...valid, token };
    })());
  /** The caller's session, once fully signed in; a session still waiting for its second factor is none. */
  const getAuth = async () => {
    const found = await lookUp();
    return found && !found.session.secondFactorPending ? found : null;
  };
  /** A password-only session of an account with a second factor: good for the second step alone. */
  const getPendingAuth = async () => {
    const found = await lookUp();
    return found?.session.secondFactorPending ? found : null;
  };
  return {
    ...deps,
    now,
    token,
    // Stryker disable next-line StringLiteral: only in-process callers (tests, scripts) have no address; any constant serves
    ip: input.ip ?? "unknown",
    userAgent: input.userAgent?.slice(0, 512) ?? null,
    // Stryker disable next-line StringLiteral: a label for in-process calls' log lines
    requestId: input.requestId ?? "internal",
    log: input.log ?? silentLogger,
    cookies: input.cookies,
    onProcedure: input.onProcedure,
    oidcPending: input.oidcPending ?? null,
    /** The request's claimed Idempotency-Key, set by the HTTP layer once it knows the caller. */
    idempotencyClaim: undefined as IdempotencyClaim | undefined,
    getAuth,
    getPendingAuth,
  };
}

export type Context = ReturnType<typeof createContextInner>;

/** A signed-in caller as the code that acts for them needs it: the database, where the request came from, who and what they may do. */
export type Actor = Pick<Context, "db" | "ip" | "userAgent" | "requestId" | "now" | "jobs" | "publicUrl"> & {
  auth: { user: { id: number }; permissions: ReadonlySet<string> };
};
