// pnpm db:studio   opens Prisma Studio on DATABASE_URL (SQLite by default, or PostgreSQL).
// Studio does not use the native schema engine, but the CLI checks that the binary exists.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { parseDatabaseUrl } from "../src/database-url.ts";

try {
  const target = parseDatabaseUrl(process.env.DATABASE_URL);
  // Studio wants an absolute file:/// URL for SQLite.
  const url = target.provider === "sqlite" ? `file://${target.file}` : target.url;
  const require = createRequire(import.meta.url);
  const cli = path.join(path.dirname(require.resolve("prisma/package.json")), "build/index.js");
  const engineStandIn = process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? (existsSync("/usr/bin/true") ? "/usr/bin/true" : "/bin/true");
  const args = [cli, "studio", "--url", url, "--browser", "none", ...process.argv.slice(2)];
  const child = spawn(process.execPath, args, {
    stdio: "inherit",
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: engineStandIn, CHECKPOINT_DISABLE: "1" },
  });
  child.on("exit", (code) => process.exit(code ?? 0));
} catch (error) {
  console.error(`db:studio failed: ${(error as Error).message}`);
  process.exit(1);
}
