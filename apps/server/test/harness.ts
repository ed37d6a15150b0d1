import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { pino } from "pino";
import type { FastifyInstance } from "fastify";
import { createDb, type Db, type DbHandle } from "@conduit/db";
import { createTestDatabase, type Provider, type TestDatabase } from "@conduit/db/testing";
import { buildServer, type ServerDeps } from "../src/server.ts";
import { loadConfig } from "../src/config.ts";
import { createMetrics, type Metrics } from "../src/observability/metrics.ts";
import { createAppJobs, type AppJobsRuntime } from "../src/jobs/app-jobs.ts";

export interface TestServerOptions {
  /** Environment for loadConfig, over the test defaults (NODE_ENV=test, one allowed origin). */
  env?: Record<string, string>;
  /** Log-in limits; by default too high to meet. */
  authRateLimits?: ServerDeps["authRateLimits"];
  /** Listen on 127.0.0.1 (a free port) for tests that need real sockets or fetch. */
  listen?: boolean;
  /** Prometheus metrics on, read through `server.metrics`. */
  metrics?: boolean;
  tracing?: ServerDeps["tracing"];
  /**
   * Instances on the one database. On PostgreSQL each has its own client and pool, as instances
   * behind a load balancer do; SQLite is one process, so there it is always one.
   */
  instances?: number;
  /** The job queue, running the app's jobs (mail, upkeep) in the first instance, as `JOBS_MODE=all` does. */
  jobs?: boolean;
}

interface TestInstance {
  app: FastifyInstance;
  /** `http://127.0.0.1:port` when listening, else "". */
  base: string;
}

/**
 * The server built as main.ts builds it, on a fresh database, for one test file: for
 * `app.inject`, or listening. Closed and the database dropped after the file's tests.
 */
export function useServer(provider: Provider, options: TestServerOptions = {}) {
  const state = {
    instances: [] as TestInstance[],
    database: undefined as unknown as TestDatabase,
    logs: [] as string[],
    metrics: undefined as Metrics | undefined,
    jobs: undefined as AppJobsRuntime | undefined,
    mailDir: mkdtempSync(path.join(os.tmpdir(), "conduit-mail-")),
  };
  const handles: DbHandle[] = [];
  beforeAll(async () => {
    state.database = await createTestDatabase(provider);
    const config = loadConfig({
      NODE_ENV: "test",
      LOG_LEVEL: "info",
      ALLOWED_ORIGINS: "http://allowed.test",
      DATABASE_URL: state.database.url,
      MAIL_DIR: state.mailDir,
      JOBS_POLL_INTERVAL_MS: "200",
      ...options.env,
    });
    const count = provider === "postgresql" ? (options.instances ?? 1) : 1;
    for (let i = 0; i < count; i++) {
      let db: Db = state.database.db;
      if (i > 0) {
        const handle = await createDb(state.database.url);
        handles.push(handle);
        db = handle.db;
      }
      const metrics = options.metrics && i === 0 ? (state.metrics = createMetrics(db)) : undefined;
      const log = pino({ level: "info" }, { write: (line: string) => void state.logs.push(line) });
      const jobs = options.jobs && i === 0 ? (state.jobs = await createAppJobs({ config, db, log, metrics, runsJobs: true })) : undefined;
      if (jobs) metrics?.watchJobQueue(() => jobs.queue.counts());
      const app = await buildServer({
        config,
        db,
        authRateLimits: options.authRateLimits ?? { perIp: 1000, perAccount: 1000, windowSeconds: 60 },
        logStream: { write: (line) => void state.logs.push(line) },
        metrics,
        tracing: options.tracing,
        jobs: jobs?.queue,
      });
      await jobs?.start();
      const base = options.listen ? await app.listen({ host: "127.0.0.1", port: 0 }) : "";
      if (!options.listen) await app.ready();
      state.instances.push({ app, base });
    }
  });
  afterAll(async () => {
    await Promise.all(state.instances.map(({ app }) => app.close()));
    await state.jobs?.stop(1_000);
    await Promise.all(handles.map((handle) => handle.close()));
    await state.database?.drop();
  });
  let n = 0;
  return {
    /** The first instance. */
    get app() {
      return state.instances[0]!.app;
    },
    get base() {
      return state.instances[0]!.base;
    },
    get port() {
      return Number(new URL(state.instances[0]!.base).port);
    },
    /** Every instance, the first included. */
    get instances() {
      return state.instances;
    },
    get db() {
      return state.database.db;
    },
    get database() {
      return state.database;
    },
    /** The job queue, when asked for. */
    get jobs() {
      if (!state.jobs) throw new Error("useServer: pass { jobs: true }");
      return state.jobs;
    },
    /** Where mail goes without SMTP_URL. */
    get mailDir() {
      return state.mailDir;
    },
    /** The first instance's metrics, when asked for. */
    get metrics() {
      if (!state.metrics) throw new Error("useServer: pass { metrics: true }");
      return state.metrics;
    },
    /** Every log line the servers wrote, as JSON text. */
    get logs() {
      return state.logs;
    },
    /** Publishes an article over REST as the token's user and returns its slug. */
    async createArticle(token: string, article: { title?: string; description?: string; body?: string; tagList?: string[] } = {}) {
      const payload = { article: { title: "t", description: "d", body: "b", ...article } };
      const res = await state.instances[0]!.app.inject({
        method: "POST",
        url: "/api/articles",
        headers: { authorization: `Token ${token}` },
        payload,
      });
      if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
      return res.json().article.slug as string;
    },
    /** Registers over REST and returns the token. */
    async register(name = `http${++n}`) {
      const res = await state.instances[0]!.app.inject({
        method: "POST",
        url: "/api/users",
        payload: { user: { username: name, email: `${name}@example.test`, password: "password123" } },
      });
      if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
      return res.json().user.token as string;
    },
  };
}
