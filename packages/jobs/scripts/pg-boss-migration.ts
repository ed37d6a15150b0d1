// pnpm --filter @conduit/jobs run pg-boss:migration
//
// Writes pg-boss's own schema as a PostgreSQL migration, so `pnpm db:deploy` creates it with the
// rest and the app never creates or changes a schema at run time (it starts pg-boss with
// `migrate: false`, which refuses a missing or older schema). After upgrading pg-boss, run this
// again: it writes pg-boss's migration from the version in the database's newest pg-boss
// migration to the installed one (or, with no pg-boss migration yet, the whole schema).
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getConstructionPlans, getMigrationPlans } from "pg-boss";
import { migrationsDir } from "@conduit/db/migrations";
import { pgBossSchema, pgBossSchemaVersion } from "../src/postgres/pg-boss-schema.ts";

const dir = migrationsDir("postgresql");
// Each pg-boss migration's folder ends with the schema version it leaves: `..._pg_boss_46`.
const previous = readdirSync(dir)
  .map((folder) => /^\d{14}_pg_boss_(\d+)$/.exec(folder))
  .filter((match) => match !== null)
  .map((match) => ({ folder: match[0], version: Number(match[1]) }))
  .sort((a, b) => a.version - b.version)
  .at(-1);
const target = pgBossSchemaVersion();
if (previous?.version === target) {
  console.log(`pg-boss schema ${target} is already migrated by ${previous.folder}`);
  process.exit(0);
}
const sql = previous ? getMigrationPlans(pgBossSchema, previous.version) : getConstructionPlans(pgBossSchema);
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const folder = path.join(dir, `${stamp}_pg_boss_${target}`);
mkdirSync(folder, { recursive: true });
writeFileSync(
  path.join(folder, "migration.sql"),
  `-- pg-boss's schema ${target}, written by packages/jobs/scripts/pg-boss-migration.ts from pg-boss's own plans.\n${sql}\n`,
);
console.log(`wrote ${folder}`);
