import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { migrationsDir } from "@conduit/db/migrations";
import { createDb } from "@conduit/db";
import { createEmptyTestDatabase, testProviders } from "@conduit/db/testing";
import { createJobQueue, pgBossSchemaVersion, upkeepJob } from "../src/index.ts";

describe("pg-boss's schema", () => {
  it("is created by a PostgreSQL migration for the installed pg-boss's version (after an upgrade: pnpm --filter @conduit/jobs pg-boss:migration)", () => {
    const versions = readdirSync(migrationsDir("postgresql"))
      .map((folder) => /^\d{14}_pg_boss_(\d+)$/.exec(folder)?.[1])
      .filter((v) => v !== undefined)
      .map(Number);
    expect(Math.max(...versions)).toBe(pgBossSchemaVersion());
  });
});

describe.runIf((await testProviders()).includes("postgresql"))("the pg-boss driver", () => {
  it("refuses to start on a database whose migrations did not create its schema, saying how to make it", async () => {
    const empty = await createEmptyTestDatabase("postgresql");
    const handle = await createDb(empty.url);
    try {
      const queue = await createJobQueue(handle.db, { catalog: { "upkeep.test": upkeepJob } });
      await expect(queue.start()).rejects.toThrow(/pg-boss cannot start .*run pnpm db:deploy/);
    } finally {
      await handle.close();
      await empty.drop();
    }
  });
});
