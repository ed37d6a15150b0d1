import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, testProviders, waitFor, type TestDatabase } from "@conduit/db/testing";
import {
  productionServerArgs,
  startServerProcess,
  startSmtpServer,
  startWorkerProcess,
  type ServerProcess,
  type TestSmtpServer,
  type WorkerProcess,
} from "@conduit/testkit";

const concurrency = 4;

/**
 * The built web server with JOBS_MODE=web (it only enqueues) and separate worker processes
 * (dist/worker.js), all on one PostgreSQL, sending through a real SMTP server.
 */
describe.skipIf(!(await testProviders()).includes("postgresql"))("workers apart from the web, on one PostgreSQL", () => {
  let database: TestDatabase;
  let web: ServerProcess;
  const workers: WorkerProcess[] = [];
  const smtps: TestSmtpServer[] = [];
  let env: Record<string, string>;

  // A database per test: the first one's SIGKILL leaves jobs to be run again later (after their
  // lease and retry delay), which would otherwise reach the next test's stalled SMTP server and
  // hold its worker's slots.
  beforeEach(async () => {
    database = await createTestDatabase("postgresql");
  });
  afterEach(async () => {
    for (const worker of workers.splice(0)) {
      if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill("SIGKILL");
      await worker.exited;
    }
    await web?.stop();
    await Promise.all(smtps.splice(0).map((s) => s.close()));
    await database?.drop();
  });

  async function start(smtp: TestSmtpServer) {
    env = {
      DATABASE_URL: database.url,
      SMTP_URL: smtp.url,
      JOBS_CONCURRENCY: String(concurrency),
      JOBS_POLL_INTERVAL_MS: "200",
      JOBS_LEASE_SECONDS: "4",
      SHUTDOWN_GRACE_MS: "2000",
      LOG_LEVEL: "warn",
    };
    web = await startServerProcess(productionServerArgs(), {
      ...env,
      JOBS_MODE: "web",
      AUTH_RATE_LIMIT_PER_IP: "100000",
      RATE_LIMIT_PER_MINUTE: "0",
    });
  }
  const worker = async () => {
    const started = await startWorkerProcess({ ...env, LOG_LEVEL: "info" });
    workers.push(started);
    return started;
  };
  async function signUps(prefix: string, count: number) {
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < count) {
          const name = `${prefix}${next++}`;
          const res = await fetch(`${web.base}/api/users`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ user: { username: name, email: `${name}@example.test`, password: "password123" } }),
          });
          if (res.status !== 201) throw new Error(`sign-up ${name}: ${res.status} ${await res.text()}`);
        }
      }),
    );
  }
  async function mailJobs(prefix: string) {
    return database.db.$queryRawUnsafe<{ state: string; retry_count: number }[]>(
      `SELECT state::text AS state, retry_count FROM pgboss.job WHERE name = 'send-mail' AND data->>'to' LIKE $1`,
      `${prefix}%`,
    );
  }

  it("delivers all 200 mails though one of two workers is SIGKILLed mid-way; only jobs it held run twice", async () => {
    const smtp = await startSmtpServer({ delayMs: 40 });
    smtps.push(smtp);
    await start(smtp);
    const killed = await worker();
    await worker();
    const signingUp = signUps("bulk", 200);
    await waitFor(() => smtp.received.length >= 40, 60_000, "40 mails");
    killed.child.kill("SIGKILL");
    await signingUp;
    // Each sign-up also mails its email code, through its own job: only the outbox's mails count here.
    const welcomes = () => smtp.received.filter((m) => m.subject?.startsWith("Welcome"));
    const ids = () => new Set(welcomes().map((m) => m.messageId));
    await waitFor(() => ids().size === 200, 90_000, "all 200 mails");
    await waitFor(async () => (await mailJobs("bulk")).every((j) => j.state === "completed") || undefined, 30_000, "every job completed");
    const jobs = await mailJobs("bulk");
    expect(jobs).toHaveLength(200);
    // A job runs again only if the killed worker held it: at most its concurrency.
    const rerun = jobs.filter((j) => j.retry_count > 0);
    expect(rerun.length).toBeLessThanOrEqual(concurrency);
    // A copy is possible only where SMTP took the message and the worker died before recording it.
    expect(welcomes().length - ids().size).toBeLessThanOrEqual(rerun.length);
    expect([...new Set(welcomes().map((m) => (m.to as { text: string }).text))]).toHaveLength(200);
  });

  it("on SIGTERM a worker finishes within its grace period and hands back the job it could not finish, which another worker sends", async () => {
    const smtp = await startSmtpServer();
    smtps.push(smtp);
    await start(smtp);
    const first = await worker();
    const recover = smtp.stall();
    await signUps("handed", 1);
    // The welcome mail and the email code both reach it.
    await waitFor(
      () => smtp.held.filter((to) => to === "handed0@example.test").length === 2,
      20_000,
      "both mails to reach the stalled server",
    );
    const stopping = performance.now();
    first.child.kill("SIGTERM");
    expect(await first.exited).toEqual({ code: 0, signal: null });
    // The grace period is 2 s: it waited for the job, then gave up on it.
    expect(performance.now() - stopping).toBeLessThan(6_000);
    // Its conversations end with it; only then does the server answer what it held.
    await waitFor(() => smtp.connections === 0, 5_000, "the worker's SMTP connections to close");
    recover();
    // The stalled conversations ended with the worker: those messages were never taken.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.received).toHaveLength(0);
    expect((await mailJobs("handed"))[0]).toMatchObject({ state: "retry" });
    await worker();
    const welcomes = () => smtp.received.filter((m) => m.subject?.startsWith("Welcome"));
    await waitFor(() => welcomes().length === 1, 20_000, "the handed-back mail");
    expect(welcomes()[0]!.subject).toBe("Welcome to Conduit, handed0");
  });
});
