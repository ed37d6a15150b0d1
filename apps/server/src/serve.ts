// The web server, started by main.ts once the Node version is checked and the compile cache is on.
import path from "node:path";
import { fileURLToPath } from "node:url";
import closeWithGrace from "close-with-grace";
import { createDb } from "@conduit/db";
import { buildServer } from "./server.ts";
import { loadConfig, ConfigError, publicUrlOf } from "./config.ts";
import { tracingConfigured } from "./observability/trace-context.ts";
import { createAppJobs } from "./jobs/app-jobs.ts";
import { jobsLogger } from "./observability/jobs-logger.ts";

const defaultWebDist = fileURLToPath(new URL("../../web/dist", import.meta.url));

try {
  const config = loadConfig();
  if (config.JOBS_MODE === "worker")
    throw new ConfigError("JOBS_MODE=worker is for the worker process (node dist/worker.js); the web server takes all or web");
  const tracing = tracingConfigured()
    ? await import("./observability/tracing.ts").then(({ startTracing, otlpSpans }) => startTracing(otlpSpans()))
    : undefined;
  const { db, close } = await createDb(config.DATABASE_URL, { poolSize: 10, sqliteSynchronous: config.SQLITE_SYNCHRONOUS });
  // Metrics and tracing load their libraries only when configured.
  const { METRICS_PORT, METRICS_HOST } = config;
  const metrics = METRICS_PORT ? await import("./observability/metrics.ts").then((m) => m.createMetrics(db)) : undefined;
  const metricsServer = METRICS_PORT && metrics ? await metrics.serve(METRICS_HOST, METRICS_PORT) : undefined;
  const jobs = await createAppJobs({
    config,
    db,
    log: jobsLogger(config, Boolean(tracing)),
    metrics,
    runsJobs: config.JOBS_MODE === "all",
  });
  const app = await buildServer({
    config: { ...config, WEB_DIST: config.WEB_DIST ?? path.resolve(defaultWebDist) },
    db,
    metrics,
    tracing,
    jobs: jobs.queue,
  });
  metrics?.watchJobQueue(() => jobs.queue.counts());
  // SIGTERM/SIGINT: stop accepting, let in-flight requests and running jobs finish (10 s at most), close the database.
  closeWithGrace({ delay: config.SHUTDOWN_GRACE_MS }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, "shutting down after an error");
    else app.log.info({ signal }, "shutting down");
    await Promise.all([app.close(), jobs.stop(config.SHUTDOWN_GRACE_MS - 1_000)]);
    metricsServer?.close();
    await close();
    // Spans still buffered go to the collector now; one unreachable is a warning, not a crash.
    await tracing?.shutdown().catch((error: Error) => app.log.warn({ reason: error.message }, "could not export the last spans"));
  });
  await jobs.start();
  await app.listen({ host: config.HOST, port: config.PORT });
  // The address to open (Fastify's own line names the socket, an IP address where passkeys cannot work).
  app.log.info(`Conduit is ready at ${publicUrlOf(config)}`);
} catch (error) {
  const message = error instanceof ConfigError ? error.message : `failed to start: ${(error as Error).message}`;
  console.error(message);
  process.exit(1);
}
