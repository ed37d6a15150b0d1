import { randomUUID } from "node:crypto";
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { Db, Prisma } from "@conduit/db";
import {
  defaultConcurrency,
  defaultPollIntervalMs,
  retryDelayMs,
  type EnqueueOptions,
  type JobCatalog,
  type JobHandler,
  type JobQueue,
  type QueueOptions,
} from "../job-queue.ts";
import {
  claimJobs,
  completeJob,
  countJobs,
  failAttempt,
  failExpiredLastAttempts,
  findJob,
  handBack,
  insertJob,
  type ClaimedRow,
} from "./job-rows.ts";
import { periodStart, runJob, scheduleTickMs } from "../run-job.ts";

interface Worker {
  handler: JobHandler<unknown>;
  concurrency: number;
  running: number;
}

type Client = Db | Prisma.TransactionClient;

const schedulePrefix = "every ";

/**
 * The SQLite driver: jobs are rows of the `Job` table, run by this process. A run claims its job
 * with one `UPDATE ... RETURNING`, which SQLite executes under its single write lock, so two
 * workers never claim one job; the claim is a lease, and a job whose lease ran out (its worker
 * died) is claimed again. Finishing names the attempt it finishes, so a run that outlived its
 * lease cannot overwrite the run that replaced it. One process, as everything on SQLite.
 */
export function tableQueue<C extends JobCatalog>(db: Db, options: QueueOptions<C>): JobQueue<C> {
  const { catalog, onOutcome } = options;
  const pollIntervalMs = options.pollIntervalMs ?? defaultPollIntervalMs;
  const workers = new Map<string, Worker>();
  const schedules = new Map<string, number>();
  const runs = new Set<Promise<void>>();
  const runningIds = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  let started = false;
  let stopping = false;
  let pollTimer: NodeJS.Timeout | undefined;

  const definition = (name: string) => {
    const found = catalog[name];
    if (!found) throw new Error(`unknown job "${name}"`);
    return found;
  };

  async function insert(client: Client, name: string, payload: unknown, opts: EnqueueOptions, onceEver = false): Promise<string | null> {
    const carrier: Record<string, string> = {};
    propagation.inject(context.active(), carrier);
    const job = {
      id: randomUUID(),
      name,
      payload: JSON.stringify(payload),
      singletonKey: opts.singletonKey ?? null,
      maxAttempts: opts.maxAttempts ?? definition(name).maxAttempts,
      runAt: opts.runAt ?? new Date(),
      traceContext: Object.keys(carrier).length ? JSON.stringify(carrier) : null,
    };
    // A singleton key blocks while its job waits or runs; a schedule's period key, forever.
    if (!(await insertJob(client, job, onceEver))) return null;
    if (!opts.tx) wake();
    return job.id;
  }

  function wake() {
    if (!started || stopping) return;
    clearTimeout(pollTimer);
    pollTimer = setTimeout(() => void poll(), 0);
  }

  async function claim(name: string, limit: number): Promise<ClaimedRow[]> {
    const now = new Date();
    await failExpiredLastAttempts(db, name, now);
    return claimJobs(db, name, limit, now, new Date(now.getTime() + definition(name).leaseSeconds * 1000));
  }

  async function finish(row: ClaimedRow, name: string, result: { output: unknown } | { error: Error }) {
    const now = new Date();
    if ("output" in result) return completeJob(db, row, result.output, now);
    return failAttempt(db, row, result.error, now, new Date(now.getTime() + retryDelayMs(definition(name), row.attempts)));
  }

  function run(name: string, worker: Worker, row: ClaimedRow) {
    const parent = row.traceContext
      ? propagation.extract(ROOT_CONTEXT, JSON.parse(row.traceContext) as Record<string, string>)
      : ROOT_CONTEXT;
    const span = trace.getTracer("@conduit/jobs").startSpan(
      `process ${name}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: { "messaging.system": "conduit-jobs", "messaging.message.id": row.id, "conduit.job.attempt": row.attempts },
      },
      parent,
    );
    worker.running++;
    runningIds.add(row.id);
    const done = context
      .with(trace.setSpan(parent, span), () =>
        runJob(
          definition(name),
          worker.handler,
          JSON.parse(row.payload),
          {
            id: row.id,
            name,
            attempt: row.attempts,
            maxAttempts: row.maxAttempts,
            ...(row.singletonKey?.startsWith(schedulePrefix) ? { period: new Date(row.runAt) } : {}),
          },
          onOutcome,
        ),
      )
      .then(
        (output) => finish(row, name, { output }),
        (error: Error) => {
          span.recordException(error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
          return finish(row, name, { error });
        },
      )
      .catch(() => {
        // The database refused the outcome: the lease runs out and the job runs again.
      })
      .finally(() => {
        span.end();
        worker.running--;
        runningIds.delete(row.id);
        runs.delete(done);
        wake();
      });
    runs.add(done);
  }

  async function poll() {
    if (stopping) return;
    try {
      for (const [name, worker] of workers) {
        const free = worker.concurrency - worker.running;
        if (free <= 0) continue;
        for (const row of await claim(name, free)) run(name, worker, row);
      }
    } catch {
      // The database is busy or gone for a moment: the next poll tries again.
    }
    if (!stopping) pollTimer = setTimeout(() => void poll(), pollIntervalMs);
  }

  function startSchedule(name: string, everySeconds: number) {
    const tick = () => {
      const slot = periodStart(everySeconds);
      // Due from the period's start, which is also what its run reports as its period.
      insert(db, name, {}, { singletonKey: `${schedulePrefix}${everySeconds}s from ${slot.toISOString()}`, runAt: slot }, true).catch(
        () => {},
      );
    };
    tick();
    const timer = setInterval(tick, scheduleTickMs(everySeconds));
    timer.unref();
    timers.add(timer);
  }

  return {
    driver: "table",
    enqueue: async (name, payload, opts = {}) => insert(opts.tx ?? db, name, definition(name).payload.parse(payload), opts),
    work(name, handler, { concurrency = defaultConcurrency } = {}) {
      definition(name);
      const first = workers.size === 0;
      workers.set(name, { handler: handler as JobHandler<unknown>, concurrency, running: 0 });
      if (started && first) void poll();
    },
    schedule(name, everySeconds) {
      definition(name);
      schedules.set(name, everySeconds);
      if (started) startSchedule(name, everySeconds);
    },
    async start() {
      started = true;
      for (const [name, every] of schedules) startSchedule(name, every);
      if (workers.size) void poll();
    },
    async stop(graceMs = 10_000) {
      stopping = true;
      clearTimeout(pollTimer);
      for (const timer of timers) clearInterval(timer);
      let timeout: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(runs), new Promise((resolve) => (timeout = setTimeout(resolve, graceMs)))]);
      clearTimeout(timeout);
      // What still runs is handed back: it runs again at once, on the next worker to poll.
      const held = [...runningIds];
      if (held.length) await handBack(db, held);
    },
    find: (name, id) => findJob(db, name, id),
    counts: () => countJobs(db),
  };
}
