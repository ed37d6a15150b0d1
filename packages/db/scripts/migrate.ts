// pnpm db:deploy            apply pending migrations to DATABASE_URL (default: SQLite data/conduit.db)
// pnpm db:migrate --name x  write a migration for each provider from the schema change, then deploy
import { parseArgs } from "node:util";
import { createMigration, deployMigrations } from "../src/migrations/index.ts";
import { parseDatabaseUrl } from "../src/database-url.ts";
import { providers } from "../src/schema/providers.ts";

const { positionals, values } = parseArgs({ allowPositionals: true, options: { name: { type: "string" } } });
const mode = positionals[0];

try {
  const target = parseDatabaseUrl(process.env.DATABASE_URL);
  if (mode === "dev") {
    const name = values.name ?? positionals[1];
    if (!name) throw new Error("usage: pnpm db:migrate --name <what-changed>");
    for (const provider of providers) {
      const folder = await createMigration(provider, name);
      console.log(folder ? `${provider}: created ${folder}` : `${provider}: schema unchanged, no migration`);
    }
  } else if (mode !== "deploy") {
    throw new Error(`unknown mode "${mode}": use dev or deploy`);
  }
  const applied = await deployMigrations(process.env.DATABASE_URL);
  const where = target.provider === "sqlite" ? target.file : target.url.replace(/\/\/[^@]*@/, "//***@");
  console.log(applied.length ? `applied ${applied.join(", ")} to ${where}` : `${where} is up to date`);
  process.exit(0);
} catch (error) {
  console.error(`db:${mode === "dev" ? "migrate" : "deploy"} failed: ${(error as Error).message}`);
  process.exit(1);
}
