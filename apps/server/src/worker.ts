// First, before anything loads a native module: on an unsupported Node, one line and exit 1.
import "../../../scripts/check-node.mjs";
import closeWithGrace from "close-with-grace";
import { createDb } from "@conduit/db";
import { loadConfig, ConfigError } from "./config.ts";
import { tracingConfigured } from "./observability/trace-context.ts";
import { createAppJobs } from "./jobs/app-jobs.ts";
import { jobsLogger } from "./observability/jobs-logger.ts";

// `node dist/worker.js` (`pnpm --filter @conduit/server worker`): runs jobs and serves nothing
// but metrics, so workers scale apart from the web (JOBS_MODE=web there). Start as many as the
// queue needs on one PostgreSQL; on SQLite the server runs its own jobs (one process).

try {
  const config = loadConfig();
  const tracing = tracingConfigured()
    ? await import("./observability/tracing.ts").then(({ startTracing, otlpSpans }) => startTracing(otlpSpans()))
    : undefined;
  const log = jobsLogger(config, Boolean(tracing));
  const { db, close } = await createDb(config.DATABASE_URL, { poolSize: Math.max(4, config.JOBS_CONCURRENCY + 2) });
  const { METRICS_PORT, METRICS_HOST } = config;
  const metrics = METRICS_PORT ? await import("./observability/metrics.ts").then((m) => m.createMetrics(db)) : undefined;
  const metricsServer = METRICS_PORT && metrics ? await metrics.serve(METRICS_HOST, METRICS_PORT) : undefined;
  const jobs = await createAppJobs({ config, db, log, metrics, runsJobs: true });
  metrics?.watchJobQueue(() => jobs.queue.counts());
  // SIGTERM/SIGINT: take no new jobs, let running ones finish within the grace period, hand back the rest.
  closeWithGrace({ delay: config.SHUTDOWN_GRACE_MS }, async ({ signal, err }) => {
    if (err) log.error({ err }, "worker shutting down after an error");
    else log.info({ signal }, "worker shutting down");
    await jobs.stop(config.SHUTDOWN_GRACE_MS - 1_000);
    metricsServer?.close();
    await close();
    await tracing?.shutdown().catch((error: Error) => log.warn({ reason: error.message }, "could not export the last spans"));
  });
  await jobs.start();
  log.info({ driver: jobs.queue.driver, concurrency: config.JOBS_CONCURRENCY }, "worker running jobs");
} catch (error) {
  const message = error instanceof ConfigError ? error.message : `worker failed to start: ${(error as Error).message}`;
  console.error(message);
  process.exit(1);
}
