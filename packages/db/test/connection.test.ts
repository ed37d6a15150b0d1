import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { sql } from "../src/index.ts";
import type { QueryEvent } from "../src/client.ts";
import { adminPostgresUrl, createTestDatabase, testProviders, type TestDatabase } from "../src/testing/index.ts";

const providers = await testProviders();
const cleanup: TestDatabase[] = [];
afterAll(async () => Promise.all(cleanup.map((d) => d.drop())));

describe.each(providers)("raw reads on %s", (provider) => {
  it("see a write as soon as Prisma has committed it", async () => {
    const { db } = await createTestDatabase(provider).then((d) => (cleanup.push(d), d));
    const before = await db.$rawRead<{ n: unknown }>(sql`SELECT COUNT(*) AS "n" FROM "Tag"`);
    await db.tag.create({ data: { name: "fresh" } });
    const after = await db.$rawRead<{ name: string }>(sql`SELECT "name" FROM "Tag" WHERE "name" = ${"fresh"}`);
    expect(Number(before[0]!.n)).toBe(0);
    expect(after).toEqual([{ name: "fresh" }]);
  });

  it("bind values instead of splicing them into the statement", async () => {
    const { db } = await createTestDatabase(provider).then((d) => (cleanup.push(d), d));
    await db.tag.create({ data: { name: "x' OR '1'='1" } });
    await db.tag.create({ data: { name: "other" } });
    const rows = await db.$rawRead(sql`SELECT "name" FROM "Tag" WHERE "name" = ${"x' OR '1'='1"}`);
    expect(rows).toEqual([{ name: "x' OR '1'='1" }]);
  });

  it("are reported to the query listener like Prisma's own statements", async () => {
    const events: QueryEvent[] = [];
    const database = await createTestDatabase(provider, { onQuery: (e) => events.push(e) });
    cleanup.push(database);
    await database.db.$rawRead(sql`SELECT "name" FROM "Tag" WHERE "id" = ${7}`);
    expect(events.at(-1)).toMatchObject({ query: expect.stringContaining(`FROM "Tag"`), params: "[7]" });
  });
});

describe.runIf(providers.includes("sqlite"))("raw reads on sqlite", () => {
  it("run on a read-only connection: a write through them fails and changes nothing", async () => {
    const { db } = await createTestDatabase("sqlite").then((d) => (cleanup.push(d), d));
    await expect(db.$rawRead(sql`INSERT INTO "Tag" ("name") VALUES (${"sneaky"}) RETURNING "id"`)).rejects.toThrow(/readonly/i);
    expect(await db.tag.count()).toBe(0);
  });
});

describe.each(providers)("a database handle on %s", (provider) => {
  it("can be closed twice, as a test that closes and then drops it does", async () => {
    const database = await createTestDatabase(provider);
    await database.close();
    await expect(database.close()).resolves.toBeUndefined();
    await database.drop();
  });
});

describe.runIf(providers.includes("postgresql"))("a database handle on postgresql", () => {
  it("survives the server ending its idle connections, and answers the next query", async () => {
    const database = await createTestDatabase("postgresql");
    cleanup.push(database);
    await database.db.$rawRead(sql`SELECT 1 AS "one"`);
    const name = new URL(database.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: adminPostgresUrl });
    await admin.connect();
    const { rowCount } = await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
      [name],
    );
    await admin.end();
    expect(rowCount).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 50));
    expect(await database.db.$rawRead(sql`SELECT 2 AS "two"`)).toEqual([{ two: 2 }]);
  });
});

describe("SQLite durability", () => {
  it("syncs each commit only when asked for FULL, and keeps WAL with NORMAL by default", async () => {
    const synchronous = async (options: { sqliteSynchronous?: "NORMAL" | "FULL" }) => {
      const { db } = await createTestDatabase("sqlite", options).then((d) => (cleanup.push(d), d));
      const [mode] = await db.$queryRawUnsafe<{ synchronous: unknown }[]>("PRAGMA synchronous");
      const [journal] = await db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
      return [Number(mode!.synchronous), journal!.journal_mode];
    };
    // SQLite reports NORMAL as 1 and FULL as 2.
    expect(await synchronous({})).toEqual([1, "wal"]);
    expect(await synchronous({ sqliteSynchronous: "FULL" })).toEqual([2, "wal"]);
  });
});
