import { pruneEvents, pruneIdempotencyKeys, type Db } from "@conduit/db";
import type { AppJobs } from "./catalog.ts";
import type { JobQueue } from "./job-queue.ts";

export type UpkeepJob = Extract<keyof AppJobs, `upkeep.${string}`>;

export interface UpkeepSettings {
  /** Events older than this are deleted (a client behind them refetches). */
  eventRetentionMs: number;
  /** Audit records older than this are deleted. */
  auditRetentionMs: number;
}

const day = 86_400_000;
/** Finished jobs of the table runner are kept this long for a look at what ran (pg-boss prunes its own). */
const finishedJobRetentionMs = 7 * day;
/** A mail's delivery record outlives every rerun its job could have (the job gives up after hours). */
const mailDeliveryRetentionMs = 30 * day;

/** How often each task runs, once per period across every instance. */
const upkeepEverySeconds: Record<UpkeepJob, number> = {
  "upkeep.sessions": 3_600,
  "upkeep.events": 900,
  "upkeep.rate-limits": 600,
  "upkeep.idempotency-keys": 900,
  "upkeep.jobs": 3_600,
  "upkeep.audit": 86_400,
};

/** Each task deletes what has expired and says how many rows it removed. */
export function upkeepTasks(db: Db, { eventRetentionMs, auditRetentionMs }: UpkeepSettings): Record<UpkeepJob, () => Promise<number>> {
  return {
    "upkeep.sessions": async () => (await db.session.deleteMany({ where: { expiresAt: { lte: new Date() } } })).count,
    "upkeep.events": () => pruneEvents(db, new Date(Date.now() - eventRetentionMs)),
    // rate-limiter-flexible's rows (PostgreSQL only: SQLite counts in memory); `expire` is in ms.
    "upkeep.rate-limits": async () => (await db.rateLimit.deleteMany({ where: { expire: { lt: BigInt(Date.now()) } } })).count,
    "upkeep.idempotency-keys": () => pruneIdempotencyKeys(db),
    "upkeep.jobs": async () => {
      const finished = await db.job.deleteMany({
        where: { state: { in: ["completed", "failed"] }, finishedAt: { lt: new Date(Date.now() - finishedJobRetentionMs) } },
      });
      const delivered = await db.mailDelivery.deleteMany({ where: { sentAt: { lt: new Date(Date.now() - mailDeliveryRetentionMs) } } });
      return finished.count + delivered.count;
    },
    // The one deletion the audit log allows (its trigger refuses edits).
    "upkeep.audit": async () => (await db.auditEvent.deleteMany({ where: { at: { lt: new Date(Date.now() - auditRetentionMs) } } })).count,
  };
}

/** Registers every upkeep task as a scheduled job; `onRemoved` logs and counts what each removed. */
export function workUpkeep(
  queue: JobQueue<AppJobs>,
  db: Db,
  settings: UpkeepSettings,
  onRemoved: (task: UpkeepJob, removed: number) => void,
): void {
  const tasks = upkeepTasks(db, settings);
  for (const task of Object.keys(tasks) as UpkeepJob[]) {
    queue.work(
      task,
      async () => {
        const removed = await tasks[task]();
        onRemoved(task, removed);
        return { removed };
      },
      { concurrency: 1 },
    );
    queue.schedule(task, upkeepEverySeconds[task]);
  }
}
