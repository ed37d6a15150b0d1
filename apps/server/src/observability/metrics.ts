import { createServer, type Server } from "node:http";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "@prometheus-io/client";
import type { ProcedureCall } from "@conduit/api";
import type { Db } from "@conduit/db";
import type { JobOutcome, QueueCount } from "@conduit/jobs";

const buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * The Prometheus series an operator alerts on. Labels are bounded: a route is its template
 * (`/api/articles/:slug`), never the URL; a procedure is its name; no slug or user id anywhere.
 */
export function createMetrics(db: Db) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const http = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP requests by method, route template and status",
    labelNames: ["method", "route", "status_code"],
    buckets,
    registers: [registry],
  });
  // Every tRPC call is the one route /trpc/:path, and REST routes share procedures: this shows which.
  const procedures = new Histogram({
    name: "conduit_procedure_duration_seconds",
    help: "Procedure calls by name, type, outcome and surface",
    labelNames: ["procedure", "type", "code", "surface"],
    buckets,
    registers: [registry],
  });
  const refusals = new Counter({
    name: "conduit_rate_limit_refusals_total",
    help: "Requests refused with 429, by limit",
    labelNames: ["limit"],
    registers: [registry],
  });
  const observe = (surface: "rest" | "trpc") => (call: ProcedureCall) => {
    procedures.observe({ procedure: call.procedure, type: call.type, code: call.code, surface }, call.seconds);
    if (call.code === "TOO_MANY_REQUESTS") refusals.inc({ limit: "auth" });
  };
  const pool = db.$postgresPool;
  if (pool) {
    new Gauge({
      name: "conduit_db_pool_connections",
      help: "PostgreSQL pool connections by state",
      labelNames: ["state"],
      registers: [registry],
      collect() {
        this.set({ state: "total" }, pool.totalCount);
        this.set({ state: "idle" }, pool.idleCount);
        this.set({ state: "waiting" }, pool.waitingCount);
      },
    });
  }
  let openStreams = () => 0;
  new Gauge({
    name: "conduit_live_streams_open",
    help: "Live streams (subscriptions) open on this instance",
    registers: [registry],
    collect() {
      this.set(openStreams());
    },
  });
  let queueCounts: () => Promise<QueueCount[]> = async () => [];
  new Gauge({
    name: "conduit_jobs",
    help: "Jobs kept in the queue, by job name and state (created, retry, active, completed, failed)",
    labelNames: ["name", "state"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const { name, state, count } of await queueCounts().catch(() => [])) this.set({ name, state }, count);
    },
  });
  const jobRuns = new Histogram({
    name: "conduit_job_duration_seconds",
    help: "Job runs by job name and outcome (completed, retry, failed)",
    labelNames: ["name", "outcome"],
    buckets: [...buckets, 10, 30, 60],
    registers: [registry],
  });
  const jobFailures = new Counter({
    name: "conduit_job_failures_total",
    help: "Jobs that failed for good (every attempt used), by job name",
    labelNames: ["name"],
    registers: [registry],
  });
  const jobRetries = new Counter({
    name: "conduit_job_retries_total",
    help: "Failed job runs that will be retried, by job name",
    labelNames: ["name"],
    registers: [registry],
  });
  const upkeep = new Counter({
    name: "conduit_upkeep_removed_total",
    help: "Rows removed by the scheduled upkeep, by task",
    labelNames: ["task"],
    registers: [registry],
  });
  const metrics = {
    registry,
    /** Where the queue depth is read at each scrape. */
    watchJobQueue: (counts: () => Promise<QueueCount[]>) => void (queueCounts = counts),
    /** One job run of this process. */
    observeJob(outcome: JobOutcome) {
      jobRuns.observe({ name: outcome.name, outcome: outcome.outcome }, outcome.durationSeconds);
      if (outcome.outcome === "failed") jobFailures.inc({ name: outcome.name });
      if (outcome.outcome === "retry") jobRetries.inc({ name: outcome.name });
    },
    upkeepRemoved: (task: string, removed: number) => upkeep.inc({ task }, removed),
    /** Where the open live streams are counted. */
    watchLiveStreams: (count: () => number) => void (openStreams = count),
    /** The procedure observers for each surface's contexts. */
    onProcedure: { rest: observe("rest"), trpc: observe("trpc") },
    /** A refusal by the global per-IP limit (its plugin's `onExceeded`). */
    refusedByGlobalLimit: () => refusals.inc({ limit: "global" }),
    /** One answered request: its route template (never the URL), so the series stay bounded. */
    observeRequest: (labels: { method: string; route: string; status_code: string }, seconds: number) => http.observe(labels, seconds),
    /** `/metrics` on a port of its own, so the public listener never serves it. */
    serve(host: string, port: number): Promise<Server> {
      const server = createServer((req, res) => {
        if (req.method !== "GET" || req.url !== "/metrics") return void res.writeHead(404).end();
        registry.metrics().then(
          (text) => res.writeHead(200, { "content-type": registry.contentType }).end(text),
          () => res.writeHead(500).end(),
        );
      });
      return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
    },
  };
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;
