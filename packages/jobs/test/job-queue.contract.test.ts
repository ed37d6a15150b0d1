import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createDb, type Db } from "@conduit/db";
import { createTestDatabase, sleep, testProviders, waitFor, type TestDatabase } from "@conduit/db/testing";
import { createJobQueue, type JobCatalog, type JobQueue } from "../src/index.ts";

const testJobs = {
  echo: { payload: z.object({ n: z.number().int() }), maxAttempts: 3, retryDelaySeconds: 1, leaseSeconds: 2 },
  flaky: { payload: z.object({}), maxAttempts: 4, retryDelaySeconds: 1, leaseSeconds: 10 },
  tick: { payload: z.object({}), maxAttempts: 1, retryDelaySeconds: 1, leaseSeconds: 10 },
  patient: { payload: z.object({}), maxAttempts: 3, retryDelaySeconds: 60, leaseSeconds: 60 },
} satisfies JobCatalog;
type TestJobs = typeof testJobs;

const providers = await testProviders();
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function database(provider: (typeof providers)[number]): Promise<TestDatabase> {
  const database = await createTestDatabase(provider);
  cleanup.push(database.drop);
  return database;
}

/** One more instance on the same database: its own connections, as another process would have. */
async function instance(url: string): Promise<Db> {
  const handle = await createDb(url);
  cleanup.push(handle.close);
  return handle.db;
}

async function queueOn(db: Db): Promise<JobQueue<TestJobs>> {
  const queue = await createJobQueue(db, { catalog: testJobs, pollIntervalMs: 200 });
  cleanup.push(() => queue.stop(500));
  return queue;
}

describe.each(providers)("the job queue on %s", (provider) => {
  it("runs a job once and keeps what its handler returned", async () => {
    const { db } = await database(provider);
    const queue = await queueOn(db);
    const runs: number[] = [];
    queue.work("echo", async ({ n }) => {
      runs.push(n);
      return { doubled: n * 2 };
    });
    await queue.start();
    const id = await queue.enqueue("echo", { n: 21 });
    const done = await waitFor(async () => (await queue.find("echo", id!))?.state === "completed" && queue.find("echo", id!));
    await sleep(1_500);
    expect(runs).toEqual([21]);
    expect(done).toMatchObject({ state: "completed", attempts: 1, output: { doubled: 42 } });
  });

  it("refuses a payload its schema does not accept, storing nothing", async () => {
    const { db } = await database(provider);
    const queue = await queueOn(db);
    await queue.start();
    await expect(queue.enqueue("echo", { n: "one" as unknown as number })).rejects.toThrow(/expected number/);
    expect((await queue.counts()).reduce((sum, c) => sum + c.count, 0)).toBe(0);
  });

  it("retries a throwing handler with a growing delay, then marks the job failed with its last error", async () => {
    const { db } = await database(provider);
    const queue = await queueOn(db);
    const startedAt: number[] = [];
    queue.work("flaky", async (_payload, job) => {
      startedAt.push(Date.now());
      throw new Error(`refused on attempt ${job.attempt}`);
    });
    await queue.start();
    const id = (await queue.enqueue("flaky", {}))!;
    const failed = await waitFor(async () => {
      const job = await queue.find("flaky", id);
      return job?.state === "failed" && job;
    }, 30_000);
    expect(failed).toMatchObject({ attempts: 4, lastError: "refused on attempt 4" });
    expect(startedAt).toHaveLength(4);
    const gaps = startedAt.slice(1).map((t, i) => t - startedAt[i]!);
    // About 1 s, 2 s and 4 s (pg-boss adds jitter): the last wait is longer than the first.
    expect(gaps[2]!).toBeGreaterThan(gaps[0]! + 500);
    expect(gaps[0]!).toBeGreaterThanOrEqual(400);
  });

  it("never runs a job enqueued in a transaction that rolled back, and always runs one whose transaction committed", async () => {
    const { db } = await database(provider);
    const queue = await queueOn(db);
    const runs: number[] = [];
    queue.work("echo", async ({ n }) => void runs.push(n));
    await queue.start();
    await expect(
      db.$transaction(async (tx) => {
        await tx.tag.create({ data: { name: "rolled-back" } });
        await queue.enqueue("echo", { n: 1 }, { tx });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    await db.$transaction(async (tx) => {
      await tx.tag.create({ data: { name: "committed" } });
      await queue.enqueue("echo", { n: 2 }, { tx });
    });
    await waitFor(() => runs.includes(2));
    await sleep(1_000);
    expect(runs).toEqual([2]);
    expect((await db.tag.findMany()).map((t) => t.name)).toEqual(["committed"]);
  });

  it("runs a job again when the worker running it stopped answering (its lease ran out)", async () => {
    const { db, url } = await database(provider);
    const stuck = await queueOn(db);
    const rescuer = await queueOn(await instance(url));
    const finishedBy: string[] = [];
    // The first worker takes the job and never finishes it, as a frozen or killed process would.
    stuck.work("echo", () => new Promise(() => {}), { concurrency: 1 });
    await stuck.start();
    const id = (await stuck.enqueue("echo", { n: 7 }))!;
    await waitFor(async () => (await stuck.find("echo", id))?.state === "active");
    rescuer.work("echo", async (_payload, job) => void finishedBy.push(`attempt ${job.attempt}`));
    await rescuer.start();
    const done = await waitFor(async () => {
      const job = await rescuer.find("echo", id);
      return job?.state === "completed" && job;
    }, 30_000);
    expect(done.attempts).toBe(2);
    expect(finishedBy).toEqual(["attempt 2"]);
  });

  it("hands back, at stop, a job still running after the grace period: another instance runs it at once", async () => {
    const { db, url } = await database(provider);
    const stopping = await queueOn(db);
    stopping.work("patient", () => new Promise(() => {}));
    await stopping.start();
    const id = (await stopping.enqueue("patient", {}))!;
    await waitFor(async () => (await stopping.find("patient", id))?.state === "active");
    await stopping.stop(300);
    const next = await queueOn(await instance(url));
    const ran: number[] = [];
    next.work("patient", async (_payload, job) => void ran.push(job.attempt));
    await next.start();
    // Neither the 60 s lease nor the 60 s retry delay is waited out.
    await waitFor(() => ran.length === 1, 10_000, "the handed-back job");
    expect(ran).toEqual([2]);
  });

  it("drops a job whose singletonKey is already waiting or running, and takes it again once that one finished", async () => {
    const { db } = await database(provider);
    const queue = await queueOn(db);
    await queue.start();
    const first = await queue.enqueue("echo", { n: 1 }, { singletonKey: "nightly-report" });
    expect(first).toEqual(expect.any(String));
    expect(await queue.enqueue("echo", { n: 2 }, { singletonKey: "nightly-report" })).toBeNull();
    const runs: number[] = [];
    queue.work("echo", async ({ n }) => void runs.push(n));
    await waitFor(async () => (await queue.find("echo", first!))?.state === "completed");
    expect(runs).toEqual([1]);
    expect(await queue.enqueue("echo", { n: 3 }, { singletonKey: "nightly-report" })).toEqual(expect.any(String));
    await waitFor(() => runs.length === 2);
    expect(runs).toEqual([1, 3]);
  });

  it("runs a scheduled job once per period while three instances schedule it", async () => {
    const { db, url } = await database(provider);
    const periods: number[] = [];
    const queues = [await queueOn(db), await queueOn(await instance(url)), await queueOn(await instance(url))];
    for (const queue of queues) {
      queue.work("tick", async (_payload, job) => void periods.push(job.period!.getTime()));
      queue.schedule("tick", 2);
    }
    await Promise.all(queues.map((queue) => queue.start()));
    await sleep(7_000);
    // 7 s of 2 s periods touch four or five periods, the first perhaps too late to run; none runs twice.
    expect(periods.length).toBeGreaterThanOrEqual(3);
    expect(new Set(periods).size).toBe(periods.length);
    expect(periods.every((p) => p % 2_000 === 0)).toBe(true);
  });
});
