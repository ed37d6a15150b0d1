import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createHash, randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createDb, type DbHandle, type DbOptions } from "../client.ts";
import { deployMigrations } from "../migrations/index.ts";
import { migrationsDir, type Provider } from "../schema/providers.ts";

export const adminPostgresUrl = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase extends DbHandle {
  url: string;
  provider: Provider;
  /** Disconnects and deletes the database. */
  drop: () => Promise<void>;
}

/** Same migrations, same template: a hash of the migration files names it. */
function migrationsHash(provider: Provider): string {
  const dir = migrationsDir(provider);
  const hash = createHash("sha256");
  for (const folder of readdirSync(dir).sort()) {
    const file = path.join(dir, folder, "migration.sql");
    if (existsSync(file)) hash.update(folder).update(readFileSync(file));
  }
  return hash.digest("hex").slice(0, 12);
}

/**
 * A fresh, migrated database for one test file: a copy of a migrated SQLite template, or a
 * PostgreSQL database created from a migrated template database. Both templates are made once
 * per migration set and shared by every worker.
 */
export async function createTestDatabase(provider: Provider, options: DbOptions = {}): Promise<TestDatabase> {
  const url = provider === "sqlite" ? await freshSqliteFile() : await freshPostgresDatabase();
  const handle = await createDb(url, options);
  return {
    ...handle,
    url,
    provider,
    drop: async () => {
      await handle.close();
      await dropDatabase(provider, url);
    },
  };
}

/**
 * A database with no tables, for migration tests. No client is opened on it: the schema engine
 * takes SQLite's exclusive lock, as Prisma Migrate does, so connect after migrating.
 */
export async function createEmptyTestDatabase(provider: Provider): Promise<{ url: string; drop: () => Promise<void> }> {
  const url = provider === "sqlite" ? await freshSqliteFile(true) : await freshPostgresDatabase(true);
  return { url, drop: () => dropDatabase(provider, url) };
}

async function dropDatabase(provider: Provider, url: string): Promise<void> {
  if (provider === "sqlite") {
    rmSync(path.dirname(url.slice("file:".length)), { recursive: true, force: true });
  } else {
    await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`));
  }
}

async function freshSqliteFile(empty = false): Promise<string> {
  if (empty) return `file:${path.join(mkdtempSync(path.join(os.tmpdir(), "conduit-test-")), "test.db")}`;
  const template = path.join(os.tmpdir(), `conduit-template-${migrationsHash("sqlite")}.db`);
  if (!existsSync(template)) {
    const building = `${template}.${process.pid}.${randomUUID()}`;
    await deployMigrations(`file:${building}`);
    // Leaves WAL mode off in the template so that one file is the whole database.
    renameSync(building, template);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "conduit-test-"));
  const file = path.join(dir, "test.db");
  copyFileSync(template, file);
  return `file:${file}`;
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminPostgresUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(name: string): string {
  const url = new URL(adminPostgresUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function freshPostgresDatabase(empty = false): Promise<string> {
  const template = `conduit_template_${migrationsHash("postgresql")}`;
  const name = `conduit_test_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  if (empty) {
    await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"`));
    return databaseUrl(name);
  }
  await withAdmin(async (admin) => {
    // One worker builds the template; the others wait on the same advisory lock.
    await admin.query("SELECT pg_advisory_lock(724311)");
    try {
      const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [template]);
      if (exists.rowCount === 0) {
        const building = `${template}_building`;
        await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
        await admin.query(`CREATE DATABASE "${building}"`);
        await deployMigrations(databaseUrl(building));
        await admin.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
      }
      await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    } finally {
      await admin.query("SELECT pg_advisory_unlock(724311)");
    }
  });
  return databaseUrl(name);
}

/** Providers the suite runs against: SQLite always; PostgreSQL when reachable, and always in CI. */
export async function testProviders(): Promise<Provider[]> {
  if (process.env.TEST_PROVIDERS) return process.env.TEST_PROVIDERS.split(",") as Provider[];
  try {
    await withAdmin((c) => c.query("SELECT 1"));
    return ["sqlite", "postgresql"];
  } catch (error) {
    if (process.env.CI)
      throw new Error(`PostgreSQL at ${adminPostgresUrl} is required in CI: ${(error as Error).message}`, { cause: error });
    return ["sqlite"];
  }
}
