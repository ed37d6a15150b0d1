import type { Db } from "@conduit/db";

/**
 * Reads that change only when an article is created, deleted or retagged: counts whose cost
 * grows with the table (the unfiltered total, 13 ms at a million articles on SQLite; a tag's
 * total, 5 ms for a tag on 10% of them) and the tags in use. They are kept per database and
 * dropped whenever any instance makes such a change: the writer publishes a change signal
 * (PostgreSQL NOTIFY between instances), every instance drops its copies. The few seconds of
 * `ttlMs` only bound the damage of a signal lost in transit; while an instance cannot hear
 * signals at all, it does not cache.
 */
const ttlMs = 5_000;
/** Tags are unbounded in number; the cache is not. */
const maxKeys = 1_000;
// Named before the tags were cached too: instances still running the last release listen for it.
const topic = "article-counts";

interface Cached {
  values: Map<string, { value: unknown; at: number }>;
  /** Bumped by every drop: a count that was being computed across a drop is not stored. */
  generation: number;
}

const cached = new WeakMap<Db, Cached>();

function cacheOf(db: Db): Cached {
  let cache = cached.get(db);
  if (!cache) {
    const fresh: Cached = { values: new Map(), generation: 0 };
    db.$signals.subscribe((changed) => {
      if (changed !== topic && changed !== "*") return;
      fresh.values.clear();
      // Stryker disable next-line UpdateOperator: any change of generation marks the drop
      fresh.generation++;
    });
    cached.set(db, (cache = fresh));
  }
  return cache;
}

export async function cachedArticleRead<T>(db: Db, key: string, read: () => Promise<T>): Promise<T> {
  const cache = cacheOf(db);
  const hit = cache.values.get(key);
  if (hit && Date.now() - hit.at < ttlMs && db.$signals.live()) return hit.value as T;
  const generation = cache.generation;
  const value = await read();
  if (generation === cache.generation && db.$signals.live()) {
    if (cache.values.size >= maxKeys) cache.values.clear();
    cache.values.set(key, { value, at: Date.now() });
  }
  return value;
}

/**
 * Every instance drops its cached reads; this one before the call returns. The write has
 * committed by then, so a signal that cannot be sent (the database just went away) must not fail
 * the request: other instances then catch up within `ttlMs`.
 */
export async function forgetArticleReads(db: Db): Promise<void> {
  await db.$signals.publish(topic).catch(() => {});
}
