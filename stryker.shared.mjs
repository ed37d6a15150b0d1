// StrykerJS settings every package shares; each package's stryker.config.mjs names what it mutates.
// Mutants are checked by the TypeScript compiler first (a mutant that does not compile is not
// run), then each runs only the tests that cover it (perTest). Reports go to mutation-report/,
// which git ignores. Do not edit the package's sources while it runs: they are being mutated.
import path from "node:path";

export function strykerConfig(name, { mutate, env = {} }) {
  Object.assign(process.env, env);
  const reports = path.resolve(import.meta.dirname, "mutation-report", name);
  return {
    testRunner: "vitest",
    plugins: ["@stryker-mutator/vitest-runner", "@stryker-mutator/typescript-checker"],
    checkers: ["typescript"],
    tsconfigFile: "tsconfig.json",
    mutate,
    coverageAnalysis: "perTest",
    reporters: ["clear-text", "progress", "html", "json"],
    htmlReporter: { fileName: path.join(reports, "index.html") },
    jsonReporter: { fileName: path.join(reports, "mutation.json") },
    thresholds: { high: 90, low: 85, break: null },
    concurrency: 2,
    timeoutMS: 30_000,
    // In place: a sandbox copy of the package would lose the relative imports of the shared
    // vitest settings and the workspace links. Stryker puts every file back when it ends.
    inPlace: true,
    tempDirName: path.resolve(import.meta.dirname, ".stryker-tmp", name),
    cleanTempDir: "always",
    // Vitest does not type-check, so Stryker need not add "// @ts-nocheck" to every file in the
    // folder (from the repository's root that would be every package's files).
    disableTypeChecks: false,
  };
}
