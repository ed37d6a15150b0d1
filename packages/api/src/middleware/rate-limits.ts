import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
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

/**
 * In-process limits: enough for one server. Several instances behind a load balancer should
 * share a store (rate-limiter-flexible has Redis and PostgreSQL ones with the same API).
 */
export function createAuthRateLimiter(options: RateLimitOptions = defaultRateLimits): AuthRateLimiter {
  const byIp = new RateLimiterMemory({ keyPrefix: "auth-ip", points: options.perIp, duration: options.windowSeconds });
  const byAccount = new RateLimiterMemory({ keyPrefix: "auth-account", points: options.perAccount, duration: options.windowSeconds });
  return {
    async consume(ip, accounts) {
      try {
        await byIp.consume(ip);
        for (const account of new Set(accounts.map((a) => a.trim().toLowerCase()).filter(Boolean))) {
          await byAccount.consume(account);
        }
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        throw tooManyRequests("too many attempts", Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
      }
    },
  };
}
