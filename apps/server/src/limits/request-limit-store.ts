import type { WindowCounter } from "@conduit/api";

/**
 * `@fastify/rate-limit`'s store interface over a window counter, so the global per-IP limit is
 * counted where the log-in limits are: in PostgreSQL when the app runs on it, shared by every
 * instance. The plugin builds the store itself (`new Store(options)`): hence a class per counter.
 */
export function requestLimitStore(counter: WindowCounter) {
  return class RequestLimitStore {
    incr(key: string, done: (error: Error | null, result?: { current: number; ttl: number }) => void) {
      counter.hit(key).then(
        ({ count, msLeft }) => done(null, { current: count, ttl: msLeft }),
        (error: Error) => done(error),
      );
    }
    child() {
      return this;
    }
  };
}
