import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createDb, type DbHandle } from "../src/index.ts";
import { adminPostgresUrl, createTestDatabase, testProviders, waitFor, type TestDatabase } from "../src/testing/index.ts";

/** Resolves with the first topic `handle` hears that `accept` likes, or "(nothing)" after `ms`. */
function nextSignal(handle: DbHandle, accept: (topic: string) => boolean = () => true, ms = 3_000): Promise<string> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => (stop(), resolve("(nothing)")), ms);
    const stop = handle.db.$signals.subscribe((topic) => {
      if (!accept(topic)) return;
      clearTimeout(timer);
      stop();
      resolve(topic);
    });
  });
}

describe.skipIf(!(await testProviders()).includes("postgresql"))("change signals between instances on one PostgreSQL", () => {
  let database: TestDatabase;
  let a: DbHandle;
  let b: DbHandle;
  beforeAll(async () => {
    database = await createTestDatabase("postgresql");
    [a, b] = [await createDb(database.url), await createDb(database.url)];
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await database.drop();
  });

  it("delivers a topic published by one instance to another", async () => {
    const heard = nextSignal(a, (t) => t === "articles");
    await waitFor(() => a.db.$signals.live(), 5_000, "the listener");
    await b.db.$signals.publish("articles");
    expect(await heard).toBe("articles");
  });

  it("tells its listeners that anything may have changed when its listening connection is killed, then hears signals again", async () => {
    await waitFor(() => a.db.$signals.live(), 5_000, "the listener");
    const dropped = nextSignal(a, (t) => t === "*");
    const admin = new pg.Client({ connectionString: adminPostgresUrl });
    await admin.connect();
    const name = new URL(database.url).pathname.slice(1);
    const { rowCount } = await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'conduit-listen'",
      [name],
    );
    await admin.end();
    expect(rowCount).toBeGreaterThan(0);
    expect(await dropped).toBe("*");
    await waitFor(() => a.db.$signals.live(), 5_000, "the listener to come back");
    const heard = nextSignal(a, (t) => t === "comments");
    await b.db.$signals.publish("comments");
    expect(await heard).toBe("comments");
  });
});

describe("change signals on SQLite", () => {
  it("reach the same process's listeners at once", async () => {
    const database = await createTestDatabase("sqlite");
    const heard: string[] = [];
    database.db.$signals.subscribe((t) => heard.push(t));
    await database.db.$signals.publish("articles");
    expect([heard, database.db.$signals.live()]).toEqual([["articles"], true]);
    await database.drop();
  });
});
