import type { Db } from "../client.ts";
import { eventsAfter, eventsTopic, latestEventId, oldestEventId, type StoredEvent } from "./event-log.ts";

export interface EventFeedOptions {
  /** How often the feed looks for events without being woken (a lost NOTIFY, a crashed writer). */
  pollMs?: number;
  /** How many recent events are kept in memory for every reader of this instance to share. */
  recent?: number;
}

/**
 * One reader of the event log per instance, shared by every stream on it. It reads new events
 * once per wake-up (a change signal, or its own poll) and keeps the latest few in memory; a
 * stream that is behind reads the rest from the database. So a thousand open streams cost one
 * query per change, not a thousand.
 */
export interface EventFeed {
  /** Events after `cursor`, oldest first, at most `limit`. */
  after(cursor: number, limit: number): Promise<StoredEvent[]>;
  /**
   * Resolves once events after `cursor` may exist, or when `signal` aborts. Call it after an
   * `after()` that came back short: whatever committed since is then either read or waited for.
   */
  waitAfter(cursor: number, signal: AbortSignal): Promise<void>;
  /** The id a new reader starts from ("now"), read from the database. */
  latestId(): Promise<number>;
  /** False when a client's cursor points to events no longer kept (or to another database). */
  canResume(cursor: number): Promise<boolean>;
  close(): void;
}

/** The index of the first event with an id above `cursor` (events are in id order); every stream asks on every wake-up. */
function firstAfter(events: StoredEvent[], cursor: number): number {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (events[mid]!.id > cursor) high = mid;
    else low = mid + 1;
  }
  return low;
}

export function createEventFeed(db: Db, { pollMs = 5_000, recent = 1_024 }: EventFeedOptions = {}): EventFeed {
  // Everything in (recentFrom, head] is in `kept`, in id order.
  let head: number | null = null;
  let recentFrom = 0;
  const kept: StoredEvent[] = [];
  const waiters = new Set<{ cursor: number; wake: () => void }>();
  let reading: Promise<void> | null = null;
  let again = false;
  let closed = false;

  // Where the feed begins: "now", once the database has answered (retried on the next call if not).
  let starting: Promise<void> | null = null;
  const started = () =>
    (starting ??= latestEventId(db).then(
      (latest) => {
        head = latest;
        recentFrom = latest;
      },
      (error: unknown) => {
        starting = null;
        throw error;
      },
    ));

  const readNew = async () => {
    await started();
    for (;;) {
      const batch = await eventsAfter(db, head!, 500);
      if (batch.length === 0) break;
      kept.push(...batch);
      head = batch.at(-1)!.id;
      if (kept.length > recent) recentFrom = kept.splice(0, kept.length - recent).at(-1)!.id;
      if (batch.length < 500) break;
    }
    for (const waiter of waiters) if (head! > waiter.cursor) waiter.wake();
  };

  // One read at a time; a wake-up during a read asks for one more afterwards.
  const wake = () => {
    if (closed) return;
    if (reading) return void (again = true);
    reading = readNew()
      .catch(() => {}) // The next wake-up or poll tries again.
      .finally(() => {
        reading = null;
        if (again) {
          again = false;
          wake();
        }
      });
  };

  const unsubscribe = db.$signals.subscribe((topic) => {
    if (topic === eventsTopic || topic === "*") wake();
  });
  const poll = setInterval(() => {
    if (waiters.size > 0) wake();
  }, pollMs);
  poll.unref();

  return {
    async after(cursor, limit) {
      await started();
      if (cursor >= recentFrom) {
        const from = firstAfter(kept, cursor);
        return kept.slice(from, from + limit);
      }
      return eventsAfter(db, cursor, limit);
    },
    async waitAfter(cursor, signal) {
      await started();
      if (head! > cursor || signal.aborted) return;
      await new Promise<void>((resolve) => {
        const waiter = { cursor, wake: () => done() };
        const done = () => {
          waiters.delete(waiter);
          signal.removeEventListener("abort", done);
          resolve();
        };
        waiters.add(waiter);
        signal.addEventListener("abort", done, { once: true });
      });
    },
    latestId: () => latestEventId(db),
    async canResume(cursor) {
      const [oldest, latest] = await Promise.all([oldestEventId(db), latestEventId(db)]);
      if (cursor > latest) return false;
      return oldest === null || cursor >= oldest - 1;
    },
    close() {
      closed = true;
      unsubscribe();
      clearInterval(poll);
      for (const waiter of waiters) waiter.wake();
    },
  };
}
