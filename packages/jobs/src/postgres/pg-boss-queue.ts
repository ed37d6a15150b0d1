import { randomUUID } from "node:crypto";
import { PgBoss, fromPrisma, type JobResult, type JobWithMetadata } from "pg-boss";
import type { Db } from "@conduit/db";
import {
  defaultConcurrency,
  defaultPollIntervalMs,
  type JobCatalog,
  type JobHandler,
  type JobQueue,
  type JobRecord,
  type JobStateName,
  type QueueOptions,
} from "../job-queue.ts";
import { runJob, scheduleTickMs } from "../run-job.ts";
import { pgBossSchema } from "./pg-boss-schema.ts";

export interface PgBossQueueOptions<C extends JobCatalog> extends QueueOptions<C> {
  /** Where pg-boss's own warnings and errors go (it keeps running through them). */
  onError?: (error: Error) => void;
}

interface Worker {
  handler: JobHandler<unknown>;
  concurrency: number;
}

/**
 * The PostgreSQL driver: pg-boss 12 in its own `pgboss` schema, which `pnpm db:deploy` creates
 * (pg-boss starts with `migrate: false` and refuses a schema it does not expect). It runs its
 * statements on the app's pool, and an enqueue inside a change's transaction goes through that
 * transaction's connection (pg-boss's Prisma adapter), so the job commits or rolls back with it.
 *
 * Every queue has pg-boss's `exclusive` policy, which allows one waiting or running job per key:
 * that is `singletonKey`, and a job enqueued without one gets its own id as its key. Schedules
 * are pg-boss throttled sends (one job per time slot, enforced by a unique index), not its cron,
 * whose finest period is a minute.
 */
export function pgBossQueue<C extends JobCatalog>(db: Db, options: PgBossQueueOptions<C>): JobQueue<C> {
  const pool = db.$postgresPool;
  if (!pool) throw new Error("the pg-boss driver needs PostgreSQL");
  const { catalog, onOutcome } = options;
  const pollIntervalSeconds = Math.max(0.5, (options.pollIntervalMs ?? defaultPollIntervalMs) / 1000);
  const workers = new Map<string, Worker>();
  const schedules = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const shortestLease = Math.min(...Object.values(catalog).map((d) => d.leaseSeconds));
  const superviseSeconds = Math.max(1, Math.min(60, Math.floor(shortestLease / 2)));
  let boss: PgBoss | undefined;
  // Jobs this process is running, so a stop can hand back those that outlive the grace period.
  const running = new Map<string, string>();
  const adapter = { executeSql: (text: string, values?: unknown[]) => pool.query(text, values) };

  const definition = (name: string) => {
    const found = catalog[name];
    if (!found) throw new Error(`unknown job "${name}"`);
    return found;
  };
  const started = () => {
    if (!boss) throw new Error("the job queue is not started");
    return boss;
  };

  /**
   * One pg-boss worker per job name, fetching up to `concurrency` jobs at a time and running them
   * side by side. pg-boss waits its polling interval after every fetch unless the fetch came back
   * full (`burstWhenBatchFull`): with one job per fetch, a slot ran at most two jobs a second.
   */
  async function startWorker(boss: PgBoss, name: string, { handler, concurrency }: Worker) {
    const def = definition(name);
    const runOne = async (run: JobWithMetadata<object>): Promise<JobResult> => {
      running.set(run.id, name);
      try {
        const job = { id: run.id, name, attempt: run.retryCount + 1, maxAttempts: run.retryLimit + 1 };
        const output = await runJob(
          def,
          handler,
          run.data,
          run.singletonOn ? { ...job, period: new Date(run.singletonOn) } : job,
          onOutcome,
        );
        return { id: run.id, status: "completed", output };
      } catch (error) {
        return { id: run.id, status: "failed", output: { name: (error as Error).name, message: (error as Error).message } };
      } finally {
        running.delete(run.id);
      }
    };
    await boss.work<object>(
      name,
      {
        batchSize: concurrency,
        localConcurrency: 1,
        perJobResults: true,
        burstWhenBatchFull: true,
        pollingIntervalSeconds: pollIntervalSeconds,
        includeMetadata: true,
      },
      (jobs) => Promise.all((jobs as JobWithMetadata<object>[]).map(runOne)),
    );
  }

  return {
    driver: "pg-boss",
    async enqueue(name, payload, opts = {}) {
      const data = definition(name).payload.parse(payload) as object;
      const id = randomUUID();
      return started().send(name, data, {
        id,
        singletonKey: opts.singletonKey ?? id,
        ...(opts.runAt ? { startAfter: opts.runAt } : {}),
        ...(opts.maxAttempts ? { retryLimit: opts.maxAttempts - 1 } : {}),
        ...(opts.tx ? { db: fromPrisma(opts.tx) } : {}),
      });
    },
    work(name, handler, { concurrency = defaultConcurrency } = {}) {
      definition(name);
      const worker = { handler: handler as JobHandler<unknown>, concurrency };
      workers.set(name, worker);
      if (boss) void startWorker(boss, name, worker).catch((error: Error) => options.onError?.(error));
    },
    schedule(name, everySeconds) {
      definition(name);
      schedules.set(name, everySeconds);
    },
    async start() {
      const working = workers.size > 0 || schedules.size > 0;
      boss = new PgBoss({
        db: adapter,
        schema: pgBossSchema,
        migrate: false,
        schedule: false,
        // Only instances that run jobs look after them: expire the runs of dead workers, prune.
        supervise: working,
        // A dead worker's job is found by the monitor pass (at most every monitorIntervalSeconds, 60 by
        // default): look twice per shortest lease, so a job runs again within about 1.5 leases.
        superviseIntervalSeconds: superviseSeconds,
        monitorIntervalSeconds: superviseSeconds,
        openTelemetry: { propagateContext: true },
      });
      boss.on("error", (error) => options.onError?.(error));
      try {
        await boss.start();
      } catch (error) {
        throw new Error(`pg-boss cannot start (${(error as Error).message}): its schema comes with the migrations, run pnpm db:deploy`, {
          cause: error,
        });
      }
      await syncQueues(boss, catalog);
      for (const [name, worker] of workers) await startWorker(boss, name, worker);
      for (const [name, everySeconds] of schedules) timers.add(startSchedule(boss, name, everySeconds, options.onError));
    },
    async stop(graceMs = 10_000) {
      for (const timer of timers) clearInterval(timer);
      if (!boss) return;
      // Graceful: running jobs get the grace period, then pg-boss fails what still runs (a retry)...
      const stopping = boss;
      await stopping.stop({ graceful: true, timeout: graceMs, close: false });
      // ...which would wait out its retry delay: it was interrupted, not refused, so it may run at once.
      for (const [id, name] of running) {
        await stopping
          .update(name, undefined, { id, startAfter: new Date(), db: adapter })
          .catch((error: Error) => options.onError?.(error));
      }
      boss = undefined;
    },
    async find(name, id) {
      const [job] = await started().findJobs<unknown>(name, { id });
      return job ? recordOf(job, name) : null;
    },
    async counts() {
      // pg-boss's cached counts lag by its monitor interval (a minute); the table is exact.
      const { rows } = await pool.query<{ name: string; state: JobStateName; count: string }>(
        `SELECT name, state::text AS state, count(*) AS count FROM ${pgBossSchema}.job GROUP BY name, state`,
      );
      return rows.map((row) => ({ name: row.name, state: row.state, count: Number(row.count) }));
    },
  };
}

/** Creates each catalog job's queue, or updates one whose settings the catalog changed; reads each once otherwise. */
async function syncQueues(boss: PgBoss, catalog: JobCatalog): Promise<void> {
  for (const [name, def] of Object.entries(catalog)) {
    const settings = {
      retryLimit: def.maxAttempts - 1,
      retryDelay: def.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: def.leaseSeconds,
    };
    const queue = await boss.getQueue(name);
    if (!queue) await boss.createQueue(name, { policy: "exclusive", ...settings });
    else if (Object.entries(settings).some(([key, value]) => queue[key as keyof typeof settings] !== value))
      await boss.updateQueue(name, settings);
  }
}

/** Sends `name` once per period from now on; one job per slot however many instances send (pg-boss's throttle index). */
function startSchedule(boss: PgBoss, name: string, everySeconds: number, onError?: (error: Error) => void): NodeJS.Timeout {
  const tick = () => {
    void boss
      .send(name, {}, { singletonKey: "schedule", singletonSeconds: everySeconds, id: randomUUID() })
      .catch((error: Error) => onError?.(error));
  };
  tick();
  const timer = setInterval(tick, scheduleTickMs(everySeconds));
  timer.unref();
  return timer;
}

/** A pg-boss job as the queue interface reports it: a cancelled job counts as failed, a failure's message as its error. */
function recordOf(job: { id: string; state: string; retryCount: number; output?: unknown }, name: string): JobRecord {
  const state = (job.state === "cancelled" ? "failed" : job.state) as JobStateName;
  const failed = state === "failed" || state === "retry";
  const output = job.output as { message?: string } | null | undefined;
  return {
    id: job.id,
    name,
    state,
    attempts: state === "created" ? 0 : job.retryCount + 1,
    lastError: failed ? (output?.message ?? null) : null,
    output: failed ? null : (output ?? null),
  };
}
