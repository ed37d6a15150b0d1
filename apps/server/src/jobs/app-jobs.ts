import { createJobQueue, workUpkeep, type JobOutcome, type JobQueue } from "@conduit/jobs";
import { createMailer, workSendMail, type Mailer } from "@conduit/mail";
import type { Db } from "@conduit/db";
import { workAccountMail } from "@conduit/api";
import { publicUrlOf, type Config } from "../config.ts";
import type { Metrics } from "../observability/metrics.ts";
import { appCatalog, upkeepTasksOf, type AppJobs } from "./catalog.ts";

interface Log {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface AppJobsRuntime {
  queue: JobQueue<AppJobs>;
  mailer: Mailer;
  /** Whether this process runs jobs, or only enqueues them (JOBS_MODE=web). */
  runsJobs: boolean;
  start(): Promise<void>;
  /** Stops taking jobs; what still runs after `graceMs` is handed back to the queue. */
  stop(graceMs: number): Promise<void>;
}

/**
 * The app's queue and what runs on it: the mail outbox's sender and the scheduled upkeep, in
 * every process that runs jobs (JOBS_MODE=all, or dist/worker.js); a `web` process only enqueues.
 * Each run is a log line and a metric; upkeep also says how many rows it removed.
 */
export async function createAppJobs({
  config,
  db,
  log,
  metrics,
  runsJobs,
}: {
  config: Config;
  db: Db;
  log: Log;
  metrics?: Metrics;
  runsJobs: boolean;
}): Promise<AppJobsRuntime> {
  const onOutcome = (outcome: JobOutcome) => {
    metrics?.observeJob(outcome);
    const fields = { job: outcome.name, outcome: outcome.outcome, seconds: Number(outcome.durationSeconds.toFixed(3)) };
    if (outcome.outcome === "completed") log.info(fields, "job completed");
    else
      log.warn(
        { ...fields, reason: outcome.error?.message },
        outcome.outcome === "retry" ? "job failed, will retry" : "job failed for good",
      );
  };
  const upkeep = upkeepTasksOf(db, config);
  const queue = await createJobQueue(db, {
    catalog: appCatalog(upkeep, config.JOBS_LEASE_SECONDS),
    pollIntervalMs: config.JOBS_POLL_INTERVAL_MS,
    onOutcome,
    onError: (error) => log.error({ reason: error.message }, "job queue error"),
  });
  const mailer = createMailer({
    smtpUrl: config.SMTP_URL,
    from: config.MAIL_FROM,
    tlsRejectUnauthorized: config.SMTP_TLS_REJECT_UNAUTHORIZED,
    requireTls: config.SMTP_REQUIRE_TLS,
    timeoutMs: config.SMTP_TIMEOUT_MS,
    mailboxDir: config.MAIL_DIR,
  });
  if (runsJobs) {
    workSendMail(queue, db, mailer, { concurrency: config.JOBS_CONCURRENCY });
    workAccountMail(queue, db, mailer, { publicUrl: publicUrlOf(config) });
    workUpkeep(queue, upkeep, (task, removed) => {
      metrics?.upkeepRemoved(task, removed);
      log.info({ task, removed }, `upkeep removed ${removed} rows`);
    });
  }
  return {
    queue,
    mailer,
    runsJobs,
    start: () => queue.start(),
    async stop(graceMs) {
      await queue.stop(graceMs);
      mailer.close();
    },
  };
}
