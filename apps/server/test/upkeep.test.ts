import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, testProviders, type TestDatabase } from "@conduit/db/testing";
import { appendEvent } from "@conduit/db";
import { upkeepTasksOf } from "../src/jobs/catalog.ts";

const providers = await testProviders();
const databases: TestDatabase[] = [];
afterAll(() => Promise.all(databases.map((d) => d.drop())));

const hourAgo = () => new Date(Date.now() - 3_600_000);
const inAnHour = () => new Date(Date.now() + 3_600_000);

describe.each(providers)("scheduled upkeep on %s", (provider) => {
  async function seeded() {
    const database = await createTestDatabase(provider);
    databases.push(database);
    const { db } = database;
    const user = await db.user.create({ data: { email: "u@example.test", username: "u", passwordHash: "x" } });
    const list = upkeepTasksOf(db, { EVENT_RETENTION_HOURS: 0.5, AUDIT_RETENTION_DAYS: 10 });
    const tasks = Object.fromEntries(list.map((task) => [task.name, task.run]));
    return { db, user, tasks };
  }

  it("deletes expired sessions and keeps live ones", async () => {
    const { db, user, tasks } = await seeded();
    const session = (id: string, expiresAt: Date) => ({
      id,
      secretHash: new Uint8Array(32),
      userId: user.id,
      lastVerifiedAt: new Date(),
      expiresAt,
    });
    await db.session.createMany({ data: [session("old", hourAgo()), session("live", inAnHour())] });
    expect(await tasks["upkeep.sessions"]!()).toBe(1);
    expect((await db.session.findMany()).map((s) => s.id)).toEqual(["live"]);
  });

  it("prunes events past their retention, keeping the newest", async () => {
    const { db, tasks } = await seeded();
    for (const age of [120, 90, 60]) {
      await db.$transaction((tx) => appendEvent(tx, db.$provider, { kind: "test", data: { age } }));
      await db.event.updateMany({
        where: { kind: "test", createdAt: { gt: new Date(Date.now() - 1000) } },
        data: { createdAt: new Date(Date.now() - age * 60_000) },
      });
    }
    await db.$transaction((tx) => appendEvent(tx, db.$provider, { kind: "test", data: { age: 0 } }));
    expect(await tasks["upkeep.events"]!()).toBe(3);
    expect((await db.event.findMany()).map((e) => JSON.parse(e.data) as unknown)).toEqual([{ age: 0 }]);
  });

  it("deletes expired rate-limit counters and idempotency keys only", async () => {
    const { db, user, tasks } = await seeded();
    await db.rateLimit.createMany({
      data: [
        { key: "old", points: 1, expire: BigInt(Date.now() - 1000) },
        { key: "live", points: 1, expire: BigInt(Date.now() + 60_000) },
      ],
    });
    const key = (name: string, expiresAt: Date) => ({ userId: user.id, key: name, fingerprint: "f", lockedUntil: new Date(), expiresAt });
    await db.idempotencyKey.createMany({ data: [key("old", hourAgo()), key("live", inAnHour())] });
    expect(await tasks["upkeep.rate-limits"]!()).toBe(1);
    expect(await tasks["upkeep.idempotency-keys"]!()).toBe(1);
    expect((await db.rateLimit.findMany()).map((r) => r.key)).toEqual(["live"]);
    expect((await db.idempotencyKey.findMany()).map((k) => k.key)).toEqual(["live"]);
  });

  it("deletes audit records past their retention, and only those", async () => {
    const { db, tasks } = await seeded();
    await db.auditEvent.createMany({
      data: [
        { action: "session.logged_in", outcome: "success", at: new Date(Date.now() - 11 * 86_400_000) },
        { action: "session.logged_in", outcome: "success", at: new Date(Date.now() - 9 * 86_400_000) },
      ],
    });
    expect(await tasks["upkeep.audit"]!()).toBe(1);
    expect(await db.auditEvent.count()).toBe(1);
  });

  it("runs each task from the domain whose rows it deletes, once per period", async () => {
    const { tasks } = await seeded();
    expect(Object.keys(tasks).sort()).toEqual([
      "upkeep.audit",
      "upkeep.events",
      "upkeep.idempotency-keys",
      "upkeep.jobs",
      "upkeep.mail-deliveries",
      "upkeep.rate-limits",
      "upkeep.sessions",
    ]);
  });

  it("deletes finished jobs and delivery records after their retention, never a job still to run", async () => {
    const { db, tasks } = await seeded();
    const longAgo = new Date(Date.now() - 40 * 86_400_000);
    const job = (id: string, state: string, finishedAt: Date | null) => ({
      id,
      name: "send-mail",
      payload: "{}",
      state,
      maxAttempts: 1,
      runAt: longAgo,
      finishedAt,
    });
    await db.job.createMany({
      data: [
        job("done", "completed", longAgo),
        job("dead", "failed", longAgo),
        job("recent", "completed", new Date()),
        job("waiting", "created", null),
      ],
    });
    await db.mailDelivery.createMany({
      data: [
        { key: "old", messageId: "<a@x>", response: "250", sentAt: longAgo },
        { key: "new", messageId: "<b@x>", response: "250" },
      ],
    });
    expect(await tasks["upkeep.jobs"]!()).toBe(2);
    expect(await tasks["upkeep.mail-deliveries"]!()).toBe(1);
    expect((await db.job.findMany({ orderBy: { id: "asc" } })).map((j) => j.id)).toEqual(["recent", "waiting"]);
    expect((await db.mailDelivery.findMany()).map((d) => d.key)).toEqual(["new"]);
  });
});
