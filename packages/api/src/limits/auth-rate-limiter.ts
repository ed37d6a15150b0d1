import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Db } from "@conduit/db";
import { tooManyRequests } from "../shared/field-error.ts";

export interface RateLimitOptions {
  /** Failed log-ins per client IP per window; registrations per IP are counted apart, to the same number. */
  perIp: number;
  /** Failed log-ins per account (email) per window, from any IP; a successful log-in starts it again. */
  perAccount: number;
  windowSeconds: number;
  /** Emailed codes per account, and password-reset requests per address, per `mailWindowSeconds`. */
  mailsPerAccount?: number;
  mailWindowSeconds?: number;
}

const defaultRateLimits: RateLimitOptions = { perIp: 60, perAccount: 10, windowSeconds: 60 };
/** The Copenhagen Book's throttle on sends: a few per account per few minutes. */
const defaultMailsPerAccount = 3;
const defaultMailWindowSeconds = 600;

export interface AuthRateLimiter {
  /**
   * Runs one log-in attempt unless its address or account has used up its failures (then
   * TOO_MANY_REQUESTS, saying when to retry). `attempt` resolves true when the password was right.
   */
  logIn(ip: string, account: string, attempt: () => Promise<boolean>): Promise<boolean>;
  /** Counts one registration from this address; throws TOO_MANY_REQUESTS past the limit. */
  register(ip: string): Promise<void>;
  /** Counts one emailed code for this account (3 per 10 minutes by default); TOO_MANY_REQUESTS past it. */
  codeSend(userId: number): Promise<void>;
  /**
   * Counts one password-reset request for this address and from this client: an address no
   * account has is counted the same, so the answer never tells which addresses are registered.
   */
  resetRequest(ip: string, email: string): Promise<void>;
  /**
   * Runs one second-factor attempt unless the account has failed 5 in a row (then it is locked for
   * 15 minutes: TOO_MANY_REQUESTS with `Retry-After`); a success starts the count again.
   */
  secondFactor(userId: number, attempt: () => Promise<boolean>): Promise<boolean>;
}

/** The Copenhagen Book's lock-out for second factors: 5 wrong in a row, then 15 minutes. */
const secondFactorFailures = 5;
const secondFactorLockSeconds = 15 * 60;

/** The table a migration made for RateLimiterPostgres (prisma/models.prisma, `RateLimit`). */
const tableName = "rate_limits";

/**
 * One limit, counted where every instance sees it: in PostgreSQL when the app runs on it (one
 * atomic INSERT ... ON CONFLICT per attempt), in memory on SQLite, which is one process.
 * If PostgreSQL fails to answer the limiter, each instance counts alone in memory until it does
 * (the library's insurance limiter): N instances then allow up to N times the limit, never an
 * unlimited number of guesses, and log-in keeps working.
 */
function limiter(keyPrefix: string, points: number, duration: number, pool: Db["$postgresPool"], blockDuration = 0): RateLimiterAbstract {
  const inMemory = new RateLimiterMemory({ keyPrefix, points, duration, blockDuration });
  if (!pool) return inMemory;
  return new RateLimiterPostgres({
    storeClient: pool,
    // Stryker disable next-line StringLiteral: a pg Pool takes queries as a Client does; the name only tells the library which it has
    storeType: "pool",
    tableName,
    tableCreated: true,
    // Expired rows are deleted by the scheduled upkeep (pruneRateLimits, run by packages/api/src/upkeep.ts), once for all instances.
    clearExpiredByTimeout: false,
    keyPrefix,
    points,
    duration,
    blockDuration,
    insuranceLimiter: inMemory,
  });
}

function refusal(rejection: unknown): never {
  if (!(rejection instanceof RateLimiterRes)) throw rejection;
  throw tooManyRequests("too many attempts", Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
}

/**
 * Log-in limits count failures only, as rate-limiter-flexible's log-in protection recipe does:
 * a point is taken from the address and the account before the password is checked (so that
 * guesses sent at once cannot all slip past a check), and given back when the password was
 * right, which also starts the account's count again. A successful log-in never uses up a limit;
 * the address's count is not reset by it, so an attacker with one account of their own cannot
 * clear their guesses at others. Registrations are counted on their own key.
 */
export function createAuthRateLimiter(
  options: RateLimitOptions = defaultRateLimits,
  postgresPool: Db["$postgresPool"] = null,
): AuthRateLimiter {
  // The prefixes keep the limiters' keys apart in the shared table (an address may be tried as
  // an account name).
  // Stryker disable StringLiteral: emptying any one prefix alone still leaves the keys apart
  const failuresByIp = limiter("login-fail-ip", options.perIp, options.windowSeconds, postgresPool);
  const failuresByAccount = limiter("login-fail-account", options.perAccount, options.windowSeconds, postgresPool);
  const registrationsByIp = limiter("register-ip", options.perIp, options.windowSeconds, postgresPool);
  const mails = options.mailsPerAccount ?? defaultMailsPerAccount;
  const mailWindow = options.mailWindowSeconds ?? defaultMailWindowSeconds;
  const codesByAccount = limiter("email-code-account", mails, mailWindow, postgresPool);
  const resetsByAddress = limiter("reset-address", mails, mailWindow, postgresPool);
  const resetsByIp = limiter("reset-ip", options.perIp, mailWindow, postgresPool);
  const secondFactorByAccount = limiter(
    "second-factor-account",
    secondFactorFailures,
    secondFactorLockSeconds,
    postgresPool,
    secondFactorLockSeconds,
  );
  // Stryker restore StringLiteral
  return {
    async logIn(ip, account, attempt) {
      await failuresByIp.consume(ip).catch(refusal);
      // Accounts come from the validated input: an email is already trimmed and lowercased
      // there, so however it was typed it counts against one account.
      await failuresByAccount.consume(account).catch(async (rejection: unknown) => {
        await failuresByIp.reward(ip);
        refusal(rejection);
      });
      let right: boolean;
      try {
        right = await attempt();
      } catch (error) {
        // An attempt that broke (the database, not the password) was no guess: it counts nothing.
        await Promise.all([failuresByIp.reward(ip), failuresByAccount.reward(account)]);
        throw error;
      }
      if (right) await Promise.all([failuresByIp.reward(ip), failuresByAccount.delete(account)]);
      return right;
    },
    async register(ip) {
      await registrationsByIp.consume(ip).catch(refusal);
    },
    async codeSend(userId) {
      await codesByAccount.consume(String(userId)).catch(refusal);
    },
    async secondFactor(userId, attempt) {
      const key = String(userId);
      await secondFactorByAccount.consume(key).catch(refusal);
      const right = await attempt().catch(async (error: unknown) => {
        await secondFactorByAccount.reward(key);
        throw error;
      });
      if (right) await secondFactorByAccount.delete(key);
      return right;
    },
    async resetRequest(ip, email) {
      await resetsByIp.consume(ip).catch(refusal);
      await resetsByAddress.consume(email).catch(refusal);
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
export function createWindowCounter(
  keyPrefix: string,
  max: number,
  windowSeconds: number,
  postgresPool: Db["$postgresPool"] = null,
): WindowCounter {
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

/** rate-limiter-flexible's expired rows (PostgreSQL only: SQLite counts in memory); `expire` is in ms. */
export async function pruneRateLimits(db: Db, now = Date.now()): Promise<number> {
  return (await db.rateLimit.deleteMany({ where: { expire: { lt: BigInt(now) } } })).count;
}
