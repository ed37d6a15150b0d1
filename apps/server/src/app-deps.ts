import { createAuthRateLimiter, createLive, developmentKeys, type AppDeps, type Live, type RateLimitOptions } from "@conduit/api";
import type { Db } from "@conduit/db";
import type { JobQueue } from "@conduit/jobs";
import { publicUrlOf, webAuthnOf, type Config } from "./config.ts";
import type { AppJobs } from "./jobs/catalog.ts";

/**
 * What every request shares, built once from the configuration: the procedures see it as their
 * context's shared part (packages/api/src/context.ts), beside the request's own facts.
 */
export function appDepsOf(
  config: Config,
  db: Db,
  { jobs, authRateLimits }: { jobs?: JobQueue<AppJobs>; authRateLimits?: RateLimitOptions } = {},
): AppDeps & { live: Live } {
  const limits = authRateLimits ?? {
    perIp: config.AUTH_RATE_LIMIT_PER_IP,
    perAccount: config.AUTH_RATE_LIMIT_PER_ACCOUNT,
    windowSeconds: 60,
  };
  return {
    db,
    authRateLimiter: createAuthRateLimiter(limits, db.$postgresPool),
    live: createLive(db, { maxStreams: config.LIVE_MAX_STREAMS, maxStreamsPerUser: config.LIVE_MAX_STREAMS_PER_USER }),
    jobs: jobs ?? null,
    publicUrl: publicUrlOf(config),
    emailVerification: config.EMAIL_VERIFICATION,
    totpKeys: totpKeysOf(config),
    webAuthn: webAuthnOf(config),
  };
}

/** TOTP secrets' keys as the API takes them: null in production without a key (no TOTP then), the development key elsewhere. */
export function totpKeysOf(config: Pick<Config, "NODE_ENV" | "TOTP_ENCRYPTION_KEY" | "TOTP_ENCRYPTION_KEY_PREVIOUS">) {
  if (!config.TOTP_ENCRYPTION_KEY) return config.NODE_ENV === "production" ? null : developmentKeys;
  return { current: config.TOTP_ENCRYPTION_KEY, previous: config.TOTP_ENCRYPTION_KEY_PREVIOUS };
}
