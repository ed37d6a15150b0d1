import { copyFileSync, existsSync, renameSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { hash } from "@node-rs/argon2";
import { createDb } from "@conduit/db";
import { deployMigrations } from "@conduit/db/migrations";
import { seed } from "@conduit/db/seed";

export type BenchProvider = "sqlite" | "postgresql";

/** Where the PostgreSQL bench databases are created (`--postgres`). */
export const postgresAdminUrl = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** The URL of another database on the same PostgreSQL server as `adminUrl`. */
export const postgresUrlOf = (database: string, adminUrl = postgresAdminUrl) =>
  Object.assign(new URL(adminUrl), { pathname: `/${database}` }).toString();

/** A seeded database: its URL, and how long seeding took if this run seeded it. */
export interface Seeded {
  url: string;
  seedSeconds: number | null;
}

/**
 * A database with `articles` articles, migrated to the current schema and kept between runs
 * (seeding a million articles takes about ten minutes): a file in the temp folder, or a
 * database `conduit_bench_<n>` on the PostgreSQL server at BENCH_POSTGRES_URL. It is built under another
 * name and renamed when seeding ends, so an interrupted seed is never taken for a finished one.
 */
export async function seeded(provider: BenchProvider, articles: number): Promise<Seeded> {
  return provider === "sqlite" ? seededSqlite(articles) : seededPostgres(articles, postgresAdminUrl);
}

async function seededSqlite(articles: number): Promise<Seeded> {
  const file = path.join(os.tmpdir(), `conduit-bench-${articles}.db`);
  const url = `file:${file}`;
  if (existsSync(file)) {
    await deployMigrations(url);
    return { url, seedSeconds: null };
  }
  const building = `${file}.building`;
  const seedSeconds = await seedInto(
    `file:${building}`,
    articles,
    async (db) => void (await db.$executeRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)")),
  );
  renameSync(building, file);
  return { url, seedSeconds };
}

async function seededPostgres(articles: number, adminUrl: string): Promise<Seeded> {
  const name = `conduit_bench_${articles}`;
  const urlOf = (database: string) => postgresUrlOf(database, adminUrl);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    if ((await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount) {
      await deployMigrations(urlOf(name));
      return { url: urlOf(name), seedSeconds: null };
    }
    const building = `${name}_building`;
    await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${building}"`);
    // VACUUM as autovacuum would in time: it marks pages all-visible, which index-only scans need.
    const seedSeconds = await seedInto(urlOf(building), articles, async (db) => void (await db.$executeRawUnsafe("VACUUM ANALYZE")));
    await admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
    return { url: urlOf(name), seedSeconds };
  } finally {
    await admin.end();
  }
}

async function seedInto(
  url: string,
  articles: number,
  finish: (db: Awaited<ReturnType<typeof createDb>>["db"]) => Promise<void>,
): Promise<number> {
  await deployMigrations(url);
  const { db, close } = await createDb(url);
  const started = performance.now();
  await seed(db, {
    articles,
    passwordHash: await hash("password123", { algorithm: 2 }),
    onProgress: (done, total) => {
      if (done % 100_000 === 0 || done === total) process.stdout.write(`  seeding ${done}/${total}\r`);
    },
  });
  await finish(db);
  await close();
  process.stdout.write("\n");
  return (performance.now() - started) / 1000;
}

/** A copy of a seeded SQLite file, with its write-ahead log if one is left, to write to. */
export function scratchCopy(file: string, name = "scratch"): string {
  const copy = file.replace(/\.db$/, `.${name}.db`);
  for (const suffix of ["", "-wal", "-shm"]) {
    rmSync(copy + suffix, { force: true });
    if (existsSync(file + suffix)) copyFileSync(file + suffix, copy + suffix);
  }
  return copy;
}
