import type { Db, Prisma } from "@conduit/db";
import { jobStates, type JobRecord, type JobStateName } from "../job-queue.ts";

// The table runner's statements, one function each, over the `Job` table. Every value is bound.

export interface ClaimedRow {
  id: string;
  singletonKey: string | null;
  runAt: string | Date;
  payload: string;
  attempts: number;
  maxAttempts: number;
  traceContext: string | null;
}

type Client = Db | Prisma.TransactionClient;

const everyState = jobStates.map((s) => `'${s}'`).join(", ");
const waitingOrRunning = `'created', 'retry', 'active'`;

/**
 * Inserts a job unless its singleton key blocks it: while a job of that name and key waits or
 * runs, or (`onceEver`, a schedule's period key) ever existed. Says whether it was inserted.
 */
export async function insertJob(
  client: Client,
  job: {
    id: string;
    name: string;
    payload: string;
    singletonKey: string | null;
    maxAttempts: number;
    runAt: Date;
    traceContext: string | null;
  },
  onceEver: boolean,
): Promise<boolean> {
  const now = new Date();
  const inserted = await client.$executeRawUnsafe(
    `INSERT INTO "Job" (id, name, payload, state, singletonKey, maxAttempts, runAt, traceContext, createdAt)
     SELECT ?, ?, ?, 'created', ?, ?, ?, ?, ?
     WHERE ? IS NULL OR NOT EXISTS (SELECT 1 FROM "Job" WHERE name = ? AND singletonKey = ? AND state IN (${onceEver ? everyState : waitingOrRunning}))`,
    job.id,
    job.name,
    job.payload,
    job.singletonKey,
    job.maxAttempts,
    job.runAt,
    job.traceContext,
    now,
    job.singletonKey,
    job.name,
    job.singletonKey,
  );
  return inserted > 0;
}

/** Fails the jobs whose lease ran out on their last attempt, rather than running them once more. */
export async function failExpiredLastAttempts(db: Db, name: string, now: Date): Promise<void> {
  await db.$executeRawUnsafe(
    `UPDATE "Job" SET state = 'failed', lastError = 'the worker running it stopped before finishing (lease expired)', finishedAt = ?, lockedUntil = NULL
     WHERE name = ? AND state = 'active' AND lockedUntil <= ? AND attempts >= maxAttempts`,
    now,
    name,
    now,
  );
}

/**
 * Claims up to `limit` due jobs (or jobs whose lease ran out) in one `UPDATE ... RETURNING`, which
 * SQLite runs under its single write lock: two workers never claim one job.
 */
export function claimJobs(db: Db, name: string, limit: number, now: Date, lockedUntil: Date): Promise<ClaimedRow[]> {
  return db.$queryRawUnsafe<ClaimedRow[]>(
    `UPDATE "Job" SET state = 'active', attempts = attempts + 1, lockedUntil = ?
     WHERE id IN (
       SELECT id FROM "Job"
       WHERE name = ? AND ((state IN ('created', 'retry') AND runAt <= ?) OR (state = 'active' AND lockedUntil <= ?))
       ORDER BY runAt LIMIT ?)
     RETURNING id, singletonKey, runAt, payload, attempts, maxAttempts, traceContext`,
    lockedUntil,
    name,
    now,
    now,
    limit,
  );
}

/** Completes the attempt `row` names; a run that outlived its lease finds it replaced and changes nothing. */
export async function completeJob(db: Db, row: ClaimedRow, output: unknown, now: Date): Promise<void> {
  await db.$executeRawUnsafe(
    `UPDATE "Job" SET state = 'completed', output = ?, finishedAt = ?, lockedUntil = NULL WHERE id = ? AND attempts = ? AND state = 'active'`,
    JSON.stringify(output),
    now,
    row.id,
    row.attempts,
  );
}

/** Records a failed attempt: the job runs again at `retryAt`, or fails for good after its last attempt. */
export async function failAttempt(db: Db, row: ClaimedRow, error: Error, now: Date, retryAt: Date): Promise<void> {
  const last = row.attempts >= row.maxAttempts;
  await db.$executeRawUnsafe(
    `UPDATE "Job" SET state = ?, lastError = ?, runAt = ?, finishedAt = ?, lockedUntil = NULL WHERE id = ? AND attempts = ? AND state = 'active'`,
    last ? "failed" : "retry",
    error.message.slice(0, 2000),
    last ? now : retryAt,
    last ? now : null,
    row.id,
    row.attempts,
  );
}

/** Hands jobs still running at shutdown back: they run again at once, on the next worker to poll. */
export async function handBack(db: Db, ids: string[]): Promise<void> {
  await db.$executeRawUnsafe(
    `UPDATE "Job" SET state = CASE WHEN attempts >= maxAttempts THEN 'failed' ELSE 'retry' END,
       lastError = 'handed back at shutdown', runAt = ?, lockedUntil = NULL
     WHERE state = 'active' AND id IN (${ids.map(() => "?").join(", ")})`,
    new Date(),
    ...ids,
  );
}

/** One job as the queue keeps it, or null. */
export async function findJob(db: Db, name: string, id: string): Promise<JobRecord | null> {
  const row = await db.job.findFirst({ where: { id, name } });
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    state: row.state as JobStateName,
    attempts: row.attempts,
    lastError: row.lastError,
    output: row.output === null ? null : (JSON.parse(row.output) as unknown),
  };
}

/** Jobs kept, by name and state. */
export async function countJobs(db: Db) {
  const rows = await db.job.groupBy({ by: ["name", "state"], _count: { _all: true } });
  return rows.map((row) => ({ name: row.name, state: row.state as JobStateName, count: row._count._all }));
}
