import type { Db } from "@conduit/db";

/**
 * Counts whose cost grows with the table: the unfiltered total (13 ms at a million articles on
 * SQLite) and a tag's total (a tag on 10% of a million articles: 5 ms). They are kept per
 * database and dropped whenever any instance creates, deletes or retags an article: the writer
 * publishes a change signal (PostgreSQL NOTIFY between instances), every instance drops its
 * counts. The few seconds of `ttlMs` only bound the damage of a signal lost in transit; while an
 * instance cannot hear signals at all, it does not cache.
 */
const ttlMs = 5_000;
/** Tags are unbounded in number; the cache is not. */
const maxKeys = 1_000;
const topic = "article-counts";

interface Counts {
  values: Map<string, { value: number; at: number }>;
  /** Bumped by every drop: a count that was being computed across a drop is not stored. */
  generation: number;
}

const cached = new WeakMap<Db, Counts>();

function countsOf(db: Db): Counts {
  let counts = cached.get(db);
  if (!counts) {
    const fresh: Counts = { values: new Map(), generation: 0 };
    db.$signals.subscribe((changed) => {
      if (changed !== topic && changed !== "*") return;
      fresh.values.clear();
      // Stryker disable next-line UpdateOperator: any change of generation marks the drop
      fresh.generation++;
    });
    cached.set(db, (counts = fresh));
  }
  return counts;
}

export async function cachedCount(db: Db, key: string, count: () => Promise<number>): Promise<number> {
  const counts = countsOf(db);
  const hit = counts.values.get(key);
  if (hit && Date.now() - hit.at < ttlMs && db.$signals.live()) return hit.value;
  const generation = counts.generation;
  const value = await count();
  if (generation === counts.generation && db.$signals.live()) {
    if (counts.values.size >= maxKeys) counts.values.clear();
    counts.values.set(key, { value, at: Date.now() });
  }
  return value;
}

/**
 * Every instance drops its counts; this one before the call returns. The write has committed by
 * then, so a signal that cannot be sent (the database just went away) must not fail the request:
 * other instances then catch up within `ttlMs`.
 */
export async function forgetArticleCounts(db: Db): Promise<void> {
  await db.$signals.publish(topic).catch(() => {});
}
