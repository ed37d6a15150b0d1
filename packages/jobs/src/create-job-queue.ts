import type { Db } from "@conduit/db";
import type { JobCatalog, JobQueue } from "./job-queue.ts";
import type { PgBossQueueOptions } from "./postgres/pg-boss-queue.ts";

/** pg-boss on PostgreSQL, the `Job` table runner on SQLite; only the driver in use is loaded. */
export async function createJobQueue<C extends JobCatalog>(db: Db, options: PgBossQueueOptions<C>): Promise<JobQueue<C>> {
  if (db.$provider === "postgresql") return (await import("./postgres/pg-boss-queue.ts")).pgBossQueue(db, options);
  return (await import("./sqlite/table-queue.ts")).tableQueue(db, options);
}
