// pnpm conformance: builds nothing itself (the root script builds first). For each database,
// starts the production server (dist/main.js) on a fresh, migrated database on 127.0.0.1, runs
// the RealWorld API suite from ../shared/realworld against it, and fails on any failed request.
// On PostgreSQL it runs once more against three instances behind a round-robin proxy.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createTestDatabase, testProviders } from "@conduit/db/testing";
import { productionServerArgs, startCluster, startServerProcess } from "@conduit/testkit";

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

function runSuite(base: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn("bash", [suite, base]);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

const results: string[] = [];
let failed = false;
const counts = { numPassedTests: 0, numFailedTests: 0 };
const providers = await testProviders();
const runs = [
  ...providers.map((provider) => ({ provider, label: provider, instances: 1 })),
  ...(providers.includes("postgresql")
    ? [{ provider: "postgresql" as const, label: "postgresql, 3 instances behind a proxy", instances: 3 }]
    : []),
];
for (const { provider, label, instances } of runs) {
  const database = await createTestDatabase(provider);
  await database.close();
  const env = {
    NODE_ENV: "production",
    COOKIE_SECRET: "conformance-run-cookie-secret-0123456789",
    DATABASE_URL: database.url,
    LOG_LEVEL: "warn",
  };
  const server = instances === 1 ? await startServerProcess(productionServerArgs(), env) : await startCluster(instances, env);
  try {
    const started = performance.now();
    // Not spawnSync: the proxy in front of the three instances runs in this process.
    const run = await runSuite(server.base);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const output = `${run.stdout}${run.stderr}`.split("\n").filter((l) => !l.includes("Unknown user config"));
    const summary = output.reverse().find((l) => /^\d+ passed, \d+ failed$/.test(l.trim())) ?? "no summary";
    for (const line of output.reverse().filter((l) => l.startsWith("FAIL"))) console.log(`  ${label}: ${line}`);
    results.push(`${label}: ${summary} in ${seconds}s`);
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
