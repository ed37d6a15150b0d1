import { strykerConfig } from "./stryker.shared.mjs";

// packages/api and the server's own code in one run, against both packages' tests: the API's
// behaviour over HTTP (limits, error mapping, live updates, logging) is tested in apps/server.
// Static mutants (module-level code and what the server's set-up runs once per test file, such
// as plugin registration) would each need every test file reloaded, about 35 s apiece here for
// 700 of them; they are left out of this run's score and listed as ignored in the report.
/** @public Stryker reads it. */
export default {
  ...strykerConfig("api-and-server", {
    mutate: [
      "packages/api/src/**/*.ts",
      "apps/server/src/**/*.ts",
      "!apps/server/src/main.ts",
      "!apps/server/src/observability/tracing.ts",
    ],
  }),
  tsconfigFile: "tsconfig.mutation.json",
  vitest: { configFile: "vitest.mutation.config.ts", related: true },
  ignoreStatic: true,
};
