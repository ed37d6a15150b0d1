import { getConstructionPlans } from "pg-boss";

/** The PostgreSQL schema pg-boss keeps its tables in, apart from the app's. */
export const pgBossSchema = "pgboss";

/** The schema version the installed pg-boss expects, as its construction plan records it. */
export function pgBossSchemaVersion(): number {
  const match = /INSERT INTO \w+\.version\(version\) VALUES \('(\d+)'\)/.exec(getConstructionPlans(pgBossSchema));
  if (!match) throw new Error("pg-boss's construction plan no longer records its version: update pg-boss-schema.ts");
  return Number(match[1]);
}
