// pnpm conformance: builds nothing itself (the root script builds first). For each database,
// starts the production server (dist/main.js) on a fresh, migrated database on 127.0.0.1, runs
// the RealWorld API suite from ../shared/realworld against it, and fails on any failed request.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createTestDatabase, testProviders } from "@conduit/db/testing";
import { productionServerArgs, startServerProcess } from "@conduit/testkit";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../../..");
const main = path.resolve(here, "../dist/main.js");

/**
 * The suite lives in ../shared/realworld beside the checkout. A clone made elsewhere from a local
 * checkout (`git clone . /tmp/x`) finds it beside the checkout it was cloned from. It is never
 * skipped: without it the run fails.
 */
function findSuite(): string {
  if (process.env.REALWORLD_SUITE) return process.env.REALWORLD_SUITE;
  const beside = (checkout: string) => path.resolve(checkout, "../shared/realworld/run-suite.sh");
  const origin = spawnSync("git", ["config", "--get", "remote.origin.url"], { cwd: repo, encoding: "utf8" }).stdout?.trim();
  const candidates = [beside(repo), ...(origin && path.isAbsolute(origin) ? [beside(origin)] : [])];
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`RealWorld suite not found at ${candidates.join(" or ")} (set REALWORLD_SUITE)`);
  return found;
}
const suite = findSuite();

if (!existsSync(main)) throw new Error(`${main} is missing: run pnpm build first`);

const results: string[] = [];
let failed = false;
const counts = { numPassedTests: 0, numFailedTests: 0 };
for (const provider of await testProviders()) {
  const database = await createTestDatabase(provider);
  await database.close();
  const server = await startServerProcess(productionServerArgs(), { NODE_ENV: "production", COOKIE_SECRET: "conformance-run-cookie-secret-0123456789", DATABASE_URL: database.url, LOG_LEVEL: "warn" });
  try {
    const started = performance.now();
    const run = spawnSync("bash", [suite, server.base], { encoding: "utf8" });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const output = `${run.stdout}${run.stderr}`.split("\n").filter((l) => !l.includes("Unknown user config"));
    const summary = output.reverse().find((l) => /^\d+ passed, \d+ failed$/.test(l.trim())) ?? "no summary";
    for (const line of output.reverse().filter((l) => l.startsWith("FAIL"))) console.log(`  ${provider}: ${line}`);
    results.push(`${provider}: ${summary} in ${seconds}s`);
    const [, passed = "0", failedCount = "1"] = /^(\d+) passed, (\d+) failed$/.exec(summary.trim()) ?? [];
    counts.numPassedTests += Number(passed);
    counts.numFailedTests += Number(failedCount);
    if (run.status !== 0 || !/ 0 failed$/.test(summary)) failed = true;
  } finally {
    await server.stop();
    await database.drop();
  }
}
console.log(`RealWorld conformance: ${results.join("; ")}`);
// Counted with the vitest reports in the closing line of `pnpm test`.
mkdirSync(path.join(repo, "test-results"), { recursive: true });
writeFileSync(path.join(repo, "test-results", "realworld-conformance.json"), JSON.stringify(counts));
process.exit(failed ? 1 : 0);
