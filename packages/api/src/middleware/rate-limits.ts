import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Db } from "@conduit/db";
import { tooManyRequests } from "../shared/field-error.ts";

export interface RateLimitOptions {
  /** Log-in and registration attempts per client IP per window. */
  perIp: number;
  /** Attempts per account name (email or username) per window, from any IP. */
  perAccount: number;
  windowSeconds: number;
}

export const defaultRateLimits: RateLimitOptions = { perIp: 60, perAccount: 10, windowSeconds: 60 };

export interface AuthRateLimiter {
  /** Counts one attempt; throws TOO_MANY_REQUESTS once either limit is spent. */
  consume(ip: string, accounts: string[]): Promise<void>;
}

/** The table a migration made for RateLimiterPostgres (prisma/models.prisma, `RateLimit`). */
const tableName = "rate_limits";

/**
 * One limit, counted where every instance sees it: in PostgreSQL when the app runs on it (one
 * atomic INSERT ... ON CONFLICT per attempt), in memory on SQLite, which is one process.
 * If PostgreSQL fails to answer the limiter, each instance counts alone in memory until it does
 * (the library's insurance limiter): N instances then allow up to N times the limit, never an
 * unlimited number of guesses, and log-in keeps working.
 */
function limiter(keyPrefix: string, points: number, duration: number, pool: Db["$postgresPool"]): RateLimiterAbstract {
  const inMemory = new RateLimiterMemory({ keyPrefix, points, duration });
  if (!pool) return inMemory;
  return new RateLimiterPostgres({
    storeClient: pool,
    // Stryker disable next-line StringLiteral: a pg Pool takes queries as a Client does; the name only tells the library which it has
    storeType: "pool",
    tableName,
    tableCreated: true,
    // Stryker disable next-line BooleanLiteral: table hygiene, every five minutes; what a limit allows does not depend on it
    clearExpiredByTimeout: true,
    keyPrefix,
    points,
    duration,
    insuranceLimiter: inMemory,
  });
}

export function createAuthRateLimiter(options: RateLimitOptions = defaultRateLimits, postgresPool: Db["$postgresPool"] = null): AuthRateLimiter {
  // The prefixes keep the two limiters' keys apart in the shared table (a username may look like
  // an address).
  // Stryker disable StringLiteral: emptying either prefix alone still leaves the two apart
  const byIp = limiter("auth-ip", options.perIp, options.windowSeconds, postgresPool);
  const byAccount = limiter("auth-account", options.perAccount, options.windowSeconds, postgresPool);
  // Stryker restore StringLiteral
  return {
    async consume(ip, accounts) {
      try {
        await byIp.consume(ip);
        // Accounts come from the validated input: an email is already trimmed and lowercased
        // there, so however it was typed it counts against one account.
        for (const account of accounts) await byAccount.consume(account);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        throw tooManyRequests("too many attempts", Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
      }
    },
  };
}

/** A count per key over a fixed window, as a request limit in front of the procedures needs it. */
export interface WindowCounter {
  /** Counts one hit for `key`: how many it has had in this window, and the window's milliseconds left. */
  hit(key: string): Promise<{ count: number; msLeft: number }>;
}

/**
 * The global per-IP request limit's counter, stored like the log-in limits: in PostgreSQL (shared
 * by every instance) or in memory. It never refuses by itself; the caller compares the count.
 */
export function createWindowCounter(keyPrefix: string, max: number, windowSeconds: number, postgresPool: Db["$postgresPool"] = null): WindowCounter {
  const counter = limiter(keyPrefix, max, windowSeconds, postgresPool);
  return {
    async hit(key) {
      try {
        const res = await counter.consume(key);
        return { count: res.consumedPoints, msLeft: res.msBeforeNext };
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        return { count: rejection.consumedPoints, msLeft: rejection.msBeforeNext };
      }
    },
  };
}
