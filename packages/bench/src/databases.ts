import { copyFileSync, existsSync, renameSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { hash } from "@node-rs/argon2";
import { createDb } from "@conduit/db";
import { deployMigrations } from "@conduit/db/migrations";
import { seed } from "@conduit/db/seed";

/**
 * A seeded SQLite file with `articles` articles, migrated to the current schema, kept in the temp
 * folder between runs (seeding a million articles takes minutes). Returns the file and how long
 * seeding took, if it ran.
 */
export async function seededSqlite(articles: number): Promise<{ file: string; seedSeconds: number | null }> {
  const file = path.join(os.tmpdir(), `conduit-bench-${articles}.db`);
  if (existsSync(file)) {
    // A file seeded by an earlier run gets the migrations added since.
    await deployMigrations(`file:${file}`);
    return { file, seedSeconds: null };
  }
  const building = `${file}.building`;
  await deployMigrations(`file:${building}`);
  const { db, close } = await createDb(`file:${building}`);
  const started = performance.now();
  await seed(db, {
    articles,
    passwordHash: await hash("password123", { algorithm: 2 }),
    onProgress: (done, total) => {
      if (done % 100_000 === 0 || done === total) process.stdout.write(`  seeding ${done}/${total}\r`);
    },
  });
  await db.$executeRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
  await close();
  renameSync(building, file);
  process.stdout.write("\n");
  return { file, seedSeconds: (performance.now() - started) / 1000 };
}

/** A copy of a seeded file, with its write-ahead log if one is left, to write to. */
export function scratchCopy(file: string): string {
  const copy = file.replace(/\.db$/, ".scratch.db");
  for (const suffix of ["", "-wal", "-shm"]) {
    rmSync(copy + suffix, { force: true });
    if (existsSync(file + suffix)) copyFileSync(file + suffix, copy + suffix);
  }
  return copy;
}
