import { defineConfig } from "vitest/config";

/**
 * The tests a mutation run of `packages/api` and `apps/server/src` uses: both packages' tests in
 * one vitest, since most of what the API does is tested through the server. Left out are the
 * tests that start the built server in a child process (a mutant of the sources cannot reach
 * it) and the load and fuzz tests, whose outcome does not depend on one small edit. Everything
 * runs on SQLite; the tests of what differs on PostgreSQL (the shared rate limits, constraint
 * races, the event-ordering lock, counts shared by instances, the pool's metrics) run there
 * too.
 */
const serverOnlyInChildProcesses = [
  "test/several-instances.test.ts",
  "test/crash-durability.test.ts",
  "test/shutdown.test.ts",
  "test/under-load.test.ts",
  "test/fuzz.test.ts",
];

/** @public Stryker's vitest runner reads it (stryker.config.mjs). */
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { test: { name: "api", root: "packages/api", include: ["test/**/*.test.ts"], env: { TEST_PROVIDERS: "sqlite" } } },
      {
        test: {
          name: "api on postgresql",
          root: "packages/api",
          include: ["test/hostile-input.test.ts", "test/live-events.test.ts", "test/instances.test.ts", "test/rate-limits.test.ts"],
          env: { TEST_PROVIDERS: "postgresql" },
        },
      },
      {
        test: {
          name: "server",
          root: "apps/server",
          include: ["test/**/*.test.ts"],
          exclude: serverOnlyInChildProcesses,
          env: { TEST_PROVIDERS: "sqlite" },
        },
      },
      {
        test: {
          name: "server on postgresql",
          root: "apps/server",
          include: ["test/metrics.test.ts", "test/shared-limits.test.ts", "test/http-behaviour.test.ts"],
          env: { TEST_PROVIDERS: "postgresql" },
        },
      },
    ],
  },
});
