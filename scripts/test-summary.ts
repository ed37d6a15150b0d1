// Sums the vitest JSON reports of this run into one closing line: "N passed, N failed, N skipped".
// In CI a skipped PostgreSQL test fails the run: CI has PostgreSQL, so a skip there means a suite
// silently stopped covering it.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** A vitest JSON report; the conformance run writes the first two fields only. */
interface Report {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests?: number;
  numTodoTests?: number;
  testResults?: { name: string; assertionResults: { status: string; fullName: string }[] }[];
}

const dir = path.resolve(import.meta.dirname, "../test-results");
let passed = 0;
let failed = 0;
let skipped = 0;
const skippedOnPostgres: string[] = [];
for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
  const report = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as Report;
  const skips = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += skips;
  for (const suite of report.testResults ?? [])
    for (const test of suite.assertionResults)
      if (test.status !== "passed" && test.status !== "failed" && /postgres/i.test(`${suite.name} ${test.fullName}`))
        skippedOnPostgres.push(`${path.basename(suite.name)}: ${test.fullName}`);
  console.log(`  ${file.replace(/\.json$/, "")}: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skips} skipped`);
}
if (skippedOnPostgres.length) {
  console.log(`PostgreSQL tests skipped (${skippedOnPostgres.length}):\n    ${skippedOnPostgres.slice(0, 20).join("\n    ")}`);
  if (process.env.CI) {
    console.log("CI has PostgreSQL: a skipped PostgreSQL test fails the run.");
    failed += skippedOnPostgres.length;
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
