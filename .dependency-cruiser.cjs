// The layers are the folders, and imports run one way: apps -> api -> validators, auth, db.
// `pnpm check` fails on any import against them (dependency-cruiser, run from the README's test command).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: "no-cycles", severity: "error", comment: "A cycle is a design bug.", from: {}, to: { circular: true } },
    {
      name: "no-unresolvable",
      severity: "error",
      comment: "An import of a package the importer does not depend on (its layer may not use it), or of a file that is not there.",
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: "packages-never-import-apps",
      severity: "error",
      comment: "Packages are the layers below the apps; they know nothing of them.",
      from: { path: "^packages/" },
      to: { path: "^apps/" },
    },
    {
      name: "nothing-below-imports-the-api",
      severity: "error",
      comment: "validators, auth and db sit below the API and never reach up into it.",
      from: { path: "^packages/(validators|auth|db)/" },
      to: { path: "^packages/api/" },
    },
    {
      name: "db-knows-no-auth",
      severity: "error",
      comment: "The database layer knows nothing of sessions, passwords or input rules.",
      from: { path: "^packages/db/" },
      to: { path: "^packages/(auth|validators)/" },
    },
    {
      name: "validators-stand-alone",
      severity: "error",
      comment: "The input rules are plain zod, shared by the API and the web app.",
      from: { path: "^packages/validators/" },
      to: { path: "^packages/(api|auth|db)/" },
    },
    {
      name: "web-takes-only-types-from-the-api",
      severity: "error",
      comment: "The web app is typed end to end by the router's types; the server's code never ships to the browser.",
      from: { path: "^apps/web/src/" },
      to: { path: "^packages/(api|auth|db)/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "test-helpers-stay-in-tests",
      severity: "error",
      comment: "The test kit and the benchmarks are for tests; no shipped code imports them.",
      from: { path: "^(apps|packages)/[^/]+/src/", pathNot: "^packages/(testkit|bench)/" },
      to: { path: "^packages/(testkit|bench)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|dist|generated)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.base.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "default"], extensions: [".ts", ".tsx", ".js"] },
  },
};
