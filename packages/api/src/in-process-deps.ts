import type { Db } from "@conduit/db";
import type { AppDeps } from "./context.ts";
import { createAuthRateLimiter } from "./limits/auth-rate-limiter.ts";
import { developmentKeys } from "./shared/secret-box.ts";

/**
 * What a caller in this process (a test, a script, a benchmark) gives the procedures in place of
 * the server's `appDepsOf(config)`: a development server's values, with no job queue (codes and
 * links are refused, notices skipped) and no live hub of its own.
 */
export function inProcessDeps(db: Db, overrides: Partial<AppDeps> = {}): AppDeps {
  return {
    db,
    authRateLimiter: createAuthRateLimiter(),
    live: null,
    jobs: null,
    publicUrl: "http://localhost:3000/",
    emailVerification: "optional",
    totpKeys: developmentKeys,
    webAuthn: { rpId: "localhost", origin: "http://localhost:3000" },
    ...overrides,
  };
}
