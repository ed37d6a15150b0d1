import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createMigration, deployMigrations } from "../src/migrations/index.ts";
import { migrationsDir, schemaPath } from "../src/schema/providers.ts";
import { createDb } from "../src/client.ts";
import { createEmptyTestDatabase, testProviders } from "../src/testing/index.ts";

const providers = await testProviders();
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => Promise.all(cleanup.map((drop) => drop())));

async function emptyDatabase(provider: (typeof providers)[number]) {
  const database = await createEmptyTestDatabase(provider);
  cleanup.push(database.drop);
  return database.url;
}

async function connect(url: string) {
  const handle = await createDb(url);
  cleanup.unshift(handle.close);
  return handle.db;
}

describe.each(providers)("migrations on %s", (provider) => {
  it("apply from an empty database and are recorded, so a second deploy applies nothing", async () => {
    const url = await emptyDatabase(provider);
    const applied = await deployMigrations(url);
    expect(applied).toEqual(
      readdirSync(migrationsDir(provider))
        .filter((f) => /^\d{14}_/.test(f))
        .sort(),
    );
    expect(await deployMigrations(url)).toEqual([]);
    expect(await (await connect(url)).user.count()).toBe(0);
  });

  it("create a second migration from a schema change and apply it", async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), "conduit-migrate-"));
    const dirs = { schemaFile: path.join(work, "schema.prisma"), migrationsDir: path.join(work, "migrations") };
    cpSync(migrationsDir(provider), dirs.migrationsDir, { recursive: true });
    const schema = readFileSync(schemaPath(provider), "utf8");
    writeFileSync(dirs.schemaFile, schema);
    expect(await createMigration(provider, "nothing changed", dirs)).toBeNull();

    writeFileSync(dirs.schemaFile, schema.replace("model Tag {", "model Tag {\n  description String?"));
    const folder = await createMigration(provider, "tag description", dirs);
    expect(folder).toMatch(/_tag_description$/);
    expect(readFileSync(path.join(folder!, "migration.sql"), "utf8")).toMatch(/ALTER TABLE "Tag" ADD COLUMN\s+"description" TEXT/);

    const url = await emptyDatabase(provider);
    const applied = await deployMigrations(url, dirs);
    expect(applied.at(-1)).toBe(path.basename(folder!));
    const db = await connect(url);
    await db.$executeRawUnsafe(`INSERT INTO "Tag" ("name", "description") VALUES ('t', 'described')`);
    const rows = await db.$queryRawUnsafe<{ description: string }[]>(`SELECT "description" FROM "Tag"`);
    expect(rows).toEqual([{ description: "described" }]);
  });

  it("stop with a message that names the failing migration's cause", async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), "conduit-migrate-"));
    const dirs = { schemaFile: schemaPath(provider), migrationsDir: path.join(work, "migrations") };
    cpSync(migrationsDir(provider), dirs.migrationsDir, { recursive: true });
    cpSync(
      path.join(
        dirs.migrationsDir,
        readdirSync(dirs.migrationsDir).find((f) => /^\d{14}_/.test(f))!,
      ),
      path.join(dirs.migrationsDir, "29990101000000_broken"),
      { recursive: true },
    );
    writeFileSync(
      path.join(dirs.migrationsDir, "29990101000000_broken", "migration.sql"),
      `ALTER TABLE "NoSuchTable" ADD COLUMN "x" TEXT;`,
    );
    await expect(deployMigrations(await emptyDatabase(provider), dirs)).rejects.toThrow(/migration failed: .*NoSuchTable/s);
  });
});
