// The layers are the folders, and imports run one way: apps -> api -> validators, auth, mail -> jobs -> db.
// `pnpm check` fails on any import against them (dependency-cruiser, run from the README's test command).
const rule = (name, comment, from, to) => ({ name, comment, severity: "error", from, to });

/**
 * packages/api/src from the top down: a file imports only from layers below its own, so no arrow
 * runs up and no two folders import each other. A new folder takes its place in this list (a
 * feature among the features, above what it uses); a file in no layer fails the check.
 */
const api = "^packages/api/src/";
const identityRouters = "identity/(users|account|security|passkeys|connections)/";
const apiLayers = [
  ["the entry points", "(index|root|errors|upkeep|procedure-at|in-process-deps)\\.ts$"],
  ["reports", "reports/"],
  ["live", "live/"],
  ["tags", "tags/"],
  ["comments", "comments/"],
  ["articles", "articles/"],
  ["profiles", "profiles/"],
  ["moderation", "moderation/"],
  ["roles", "roles/"],
  ["audit", "audit/"],
  ["the identity wing's routers", identityRouters],
  ["the second-factor check", "identity/second-factor/"],
  ["the identity wing's shared services", "identity/[^/]+\\.ts$"],
  ["the procedure builders", "trpc\\.ts$"],
  ["middleware", "middleware/"],
  ["tRPC's instance", "init\\.ts$"],
  ["permissions", "permissions/"],
  ["the context", "context\\.ts$"],
  ["limits", "limits/"],
  ["the shared floor", "shared/"],
];
const apiLayerRules = apiLayers.slice(1).map(([name, path], i) =>
  rule(
    `api-layers: ${name}`,
    `${name} may import only the layers below it (.dependency-cruiser.cjs, apiLayers).`,
    { path: api + path },
    {
      path: `${api}(${apiLayers
        .slice(0, i + 1)
        .map(([, above]) => above)
        .join("|")})`,
    },
  ),
);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...apiLayerRules,
    rule(
      "api-layers: every file has one",
      "A file of packages/api/src outside every layer of apiLayers: give its folder a place there.",
      { path: api, pathNot: apiLayers.map(([, path]) => api + path) },
      {},
    ),
    rule(
      "api-layers: nothing imports a file in no layer",
      "An import of a packages/api/src file outside every layer of apiLayers (one that imports nothing itself).",
      { path: api },
      { path: api, pathNot: apiLayers.map(([, path]) => api + path) },
    ),
    rule(
      "identity: routers stand apart",
      "One identity router never imports another: what two share lives at the wing's root.",
      { path: `${api}identity/([^/]+)/` },
      { path: api + identityRouters, pathNot: `${api}identity/$1/` },
    ),
    { name: "no-cycles", severity: "error", comment: "A cycle is a design bug.", from: {}, to: { circular: true } },
    rule(
      "no-unresolvable",
      "An import of a package the importer does not depend on, or of a file that is not there.",
      {},
      { couldNotResolve: true },
    ),
    rule("packages-never-import-apps", "Packages are the layers below the apps.", { path: "^packages/" }, { path: "^apps/" }),
    rule(
      "nothing-below-imports-the-api",
      "validators, auth and db never reach up.",
      { path: "^packages/(validators|auth|db|jobs|mail)/" },
      { path: "^packages/api/" },
    ),
    rule(
      "jobs-know-only-the-database",
      "The queue stores and runs jobs; what a job does lives with its domain (mail), never in the queue.",
      { path: "^packages/jobs/" },
      { path: "^packages/(auth|validators|mail)/" },
    ),
    rule(
      "mail-knows-no-sessions",
      "Mail renders, enqueues and sends; accounts call it, never the reverse.",
      { path: "^packages/mail/" },
      { path: "^packages/(auth|validators)/" },
    ),
    rule(
      "db-knows-no-auth",
      "The database layer knows nothing of sessions or input rules.",
      { path: "^packages/db/" },
      { path: "^packages/(auth|validators|jobs|mail)/" },
    ),
    rule(
      "validators-stand-alone",
      "The input rules are plain zod.",
      { path: "^packages/validators/" },
      { path: "^packages/(api|auth|db)/" },
    ),
    rule(
      "web-takes-only-types-from-the-api",
      "The web app is typed by the router's types; the server's code never ships to the browser.",
      { path: "^apps/web/src/" },
      { path: "^packages/(api|auth|db|jobs|mail)/", dependencyTypesNot: ["type-only"] },
    ),
    rule(
      "test-helpers-stay-in-tests",
      "No shipped code imports the test kit or the benchmarks.",
      { path: "^(apps|packages)/[^/]+/src/", pathNot: "^packages/(testkit|bench)/" },
      { path: "^packages/(testkit|bench)/" },
    ),
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|dist|generated)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.base.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "default"], extensions: [".ts", ".tsx", ".js"] },
  },
};
