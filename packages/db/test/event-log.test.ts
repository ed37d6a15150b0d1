import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendEvent, createDb, createEventFeed, latestEventId, pruneEvents, writeWithEvent, type DbHandle } from "../src/index.ts";
import { createTestDatabase, testProviders, type TestDatabase, sleep } from "../src/testing/index.ts";

describe.each(await testProviders())("the event log on %s", (provider) => {
  let database: TestDatabase;
  let writer: DbHandle;
  let reader: DbHandle;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
    // Two handles: on PostgreSQL, two instances with pools and listeners of their own.
    [writer, reader] = [await createDb(database.url, { poolSize: 12 }), await createDb(database.url)];
  });
  afterAll(async () => {
    await writer.close();
    await reader.close();
    await database.drop();
  });

  it("hands a reader every event exactly once and in order while many writers commit out of step", async () => {
    const feed = createEventFeed(reader.db, { pollMs: 50 });
    const start = await feed.latestId();
    const seen: number[] = [];
    const stop = new AbortController();
    const following = (async () => {
      let cursor = start;
      while (!stop.signal.aborted) {
        const events = await feed.after(cursor, 7);
        for (const event of events) seen.push((cursor = event.id));
        if (events.length === 0) await feed.waitAfter(cursor, stop.signal);
      }
    })();
    // Each writer draws its event id, then holds its transaction open for a random while: without
    // the ordering lock, later ids commit first and a reader past them never goes back.
    await Promise.all(
      Array.from({ length: 10 }, async (_, w) => {
        for (let i = 0; i < 8; i++) {
          await writer.db.$transaction(
            async (tx) => {
              await appendEvent(tx, writer.db.$provider, { kind: "test.tick", data: { w, i } });
              await sleep(Math.random() * 15);
            },
            { timeout: 20_000, maxWait: 20_000 },
          );
          await writer.db.$signals.publish("events");
        }
      }),
    );
    const last = await latestEventId(writer.db);
    for (const t0 = Date.now(); seen.at(-1) !== last && Date.now() - t0 < 10_000;) await sleep(20);
    stop.abort();
    await following;
    feed.close();
    const written = (
      await writer.db.event.findMany({ where: { id: { gt: BigInt(start) } }, orderBy: { id: "asc" }, select: { id: true } })
    ).map((e) => Number(e.id));
    expect(written).toHaveLength(80);
    expect(seen).toEqual(written);
  });

  it("writes no event for a change that rolls back, and no change whose event cannot be written", async () => {
    const before = await latestEventId(writer.db);
    await expect(
      writeWithEvent(
        writer.db,
        async (tx) => {
          await tx.tag.create({ data: { name: "rolled-back" } });
          throw new Error("the change fails after its first statement");
        },
        () => ({ kind: "test.never", data: {} }),
      ),
    ).rejects.toThrow("the change fails");
    await expect(
      writeWithEvent(
        writer.db,
        (tx) => tx.tag.create({ data: { name: "unrecorded" } }),
        () => ({ kind: "test.unserialisable", data: { big: 1n } }),
      ),
    ).rejects.toThrow();
    expect(await writer.db.tag.count({ where: { name: { in: ["rolled-back", "unrecorded"] } } })).toBe(0);
    expect(await latestEventId(writer.db)).toBe(before);

    await writeWithEvent(
      writer.db,
      (tx) => tx.tag.create({ data: { name: "recorded" } }),
      (tag) => ({ kind: "test.tag", data: { name: tag.name } }),
    );
    const [event] = await writer.db.event.findMany({ orderBy: { id: "desc" }, take: 1 });
    expect(JSON.parse(event!.data)).toEqual({ name: "recorded" });
  });

  /** `count` changes, each with its event, one after another. */
  const writeEvents = async (kind: string, count: number) => {
    for (let i = 0; i < count; i++)
      await writeWithEvent(
        writer.db,
        async () => i,
        () => ({ kind, data: { i } }),
      );
  };

  it("prunes only the events older than the retention period", async () => {
    await writeEvents("test.recent", 3);
    const before = await writer.db.event.count();
    expect(await pruneEvents(writer.db, new Date(Date.now() - 60_000))).toBe(0);
    expect(await writer.db.event.count()).toBe(before);
  });

  it("prunes old events but keeps the newest, and tells a reader whose cursor was pruned that it cannot resume", async () => {
    await writeEvents("test.old", 3);
    const newest = await latestEventId(writer.db);
    const feed = createEventFeed(reader.db);
    expect(await feed.canResume(newest - 2)).toBe(true);
    expect(await pruneEvents(writer.db, new Date(Date.now() + 60_000))).toBeGreaterThan(0);
    expect(await writer.db.event.count()).toBe(1);
    expect(await feed.canResume(newest - 2)).toBe(false);
    expect(await feed.canResume(newest - 1)).toBe(true);
    expect(await feed.canResume(newest + 5)).toBe(false);
    feed.close();
  });
});
