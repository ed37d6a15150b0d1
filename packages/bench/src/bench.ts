// pnpm bench [--twin-articles 1000] [--sqlite-only] [--twins-only] [--seconds 5] [--connections 50] [--only "tags,feed"]
//            [--articles 100000] [--sizes 1000,100000,1000000]  (p99 by database size; none by default)
//            [--postgres]  (the scaling runs on PostgreSQL too: BENCH_POSTGRES_URL, by default the local server)
// Like for like first: every scenario (reads, writes, /health, tRPC against REST) on the
// production server (apps/server/dist) and on its bare twin (bare/bare-app.ts: Fastify and
// hand-written SQL, better-sqlite3 or pg) over copies of the same seeded data, taken in turn,
// on SQLite and PostgreSQL, with each ratio and its target. Then log-in, the list with tracing
// on, RSS, start-up to the first 200 on the list, and the p99 by database size with the query
// plans. Prints tables and writes bench-results/latest.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { passwordHashOptions } from "@conduit/auth";
import { scratchCopy, seeded, type BenchProvider } from "./databases.ts";
import { load, type LoadResult, type Scenario } from "./load.ts";
import { productionServerArgs, startServerProcess, type ServerProcess } from "@conduit/testkit";
import { benchServerEnv, rssMb } from "./processes.ts";
import { explainProcedure, type PlannedQuery } from "./plans.ts";
import { runTwins, type TwinResult } from "./twins.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../../..");

const { values } = parseArgs({
  options: {
    articles: { type: "string", default: "100000" },
    sizes: { type: "string", default: "" },
    seconds: { type: "string", default: "5" },
    connections: { type: "string", default: "50" },
    only: { type: "string" },
    postgres: { type: "boolean", default: false },
    "twin-articles": { type: "string", default: "1000" },
    "sqlite-only": { type: "boolean", default: false },
    "twins-only": { type: "boolean", default: false },
  },
});
const only = values.only?.split(",").map((o) => o.trim().toLowerCase());
const twinArticles = Number(values["twin-articles"]);
const twinProviders: BenchProvider[] = values["sqlite-only"] ? ["sqlite"] : ["sqlite", "postgresql"];
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const loadOpts = { connections, seconds, warmupSeconds: 2 };

const startServer = (url: string, env: Record<string, string> = {}) =>
  startServerProcess(productionServerArgs(), { ...benchServerEnv(url), ...env });

/** An OTLP/HTTP endpoint that accepts spans and drops them: what tracing costs the server alone. */
async function discardingCollector(): Promise<{ url: string; close: () => void }> {
  const server = createHttpServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end("{}"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

async function signIn(base: string): Promise<string> {
  const res = await fetch(`${base}/api/users/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ user: { email: "demo0@conduit.test", password: "password123" } }),
  });
  if (!res.ok) throw new Error(`bench sign-in failed: ${res.status}`);
  return ((await res.json()) as { user: { token: string } }).user.token;
}

async function firstSlug(base: string, query = ""): Promise<string> {
  const res = (await (await fetch(`${base}/api/articles?limit=1${query}`)).json()) as { articles: { slug: string }[] };
  return res.articles[0]!.slug;
}

async function main() {
  const results: Record<string, unknown> = {
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    date: new Date().toISOString(),
  };
  const articles = Number(values.articles);
  console.log(`preparing a SQLite database with ${articles} articles...`);
  const main = await seeded("sqlite", articles);
  const mainFile = main.url.slice("file:".length);

  // --- Like for like: every scenario against its bare twin, on each database ---
  const twinRows: TwinResult[] = [];
  const peakRssOnList: Record<string, number> = {};
  const feedP99: Record<string, { few: number; many: number; ratio: number }> = {};
  for (const provider of twinProviders) {
    console.log(`like for like on ${provider}, ${twinArticles} articles...`);
    const twins = await runTwins(provider, twinArticles, { connections, seconds, only });
    twinRows.push(...twins.rows);
    peakRssOnList[provider] = twins.peakRssOnListMb;
    feedP99[provider] = twins.feedP99Ms;
  }
  results.twins = twinRows;
  results.peakRssOnListMb = peakRssOnList;
  results.feedP99Ms = feedP99;
  if (values["twins-only"]) {
    reportTwins(results);
    process.exit(0);
  }

  // --- Throughput at the main size: log-in, tracing, and the list against the bare list ---
  // The write scenarios add thousands of articles: they run on a copy, and the scaling runs
  // below see the seeded data only.
  const scratch = scratchCopy(mainFile);
  const server = await startServer(`file:${scratch}`);
  const rows: LoadResult[] = [];
  try {
    const idleRss = rssMb(server.child.pid!);
    let scenarioPeak = 0;
    const sampler = setInterval(() => (scenarioPeak = Math.max(scenarioPeak, rssMb(server.child.pid!))), 100);
    // Log-in is sampled apart: each argon2id hash takes 19 MiB outside the JS heap, one per thread-pool thread.
    const login = await load(
      server.base,
      {
        name: "REST log-in (argon2id)",
        path: "/api/users/login",
        method: "POST",
        body: JSON.stringify({ user: { email: "demo1@conduit.test", password: "password123" } }),
      },
      { connections: 4, seconds: 5, warmupSeconds: 1 },
    );
    clearInterval(sampler);
    rows.push(await load(server.base, { name: `REST list, anonymous (${articles} articles)`, path: "/api/articles?limit=20" }, loadOpts));
    // The same list with tracing on, spans exported to a collector that drops them.
    const collector = await discardingCollector();
    const traced = await startServer(`file:${scratch}`, { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
    try {
      rows.push(
        await load(
          traced.base,
          { name: `REST list, anonymous, tracing on (${articles} articles)`, path: "/api/articles?limit=20" },
          loadOpts,
        ),
      );
    } finally {
      await traced.stop();
      collector.close();
    }
    results.throughput = rows;
    results.login = {
      ...login,
      argon2id: passwordHashOptions,
      peakRssMb: Math.round(scenarioPeak),
      note: "log-in is argon2id-bound by design; it runs on libuv's thread pool",
    };
    results.memory = { idleRssMb: Math.round(idleRss), peakRssDuringLogInMb: Math.round(scenarioPeak) };
  } finally {
    await server.stop();
  }

  // --- Start-up: from spawning the production server to its first 200 on the list, best of three ---
  const startups: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const s: ServerProcess = await startServer(main.url);
    const res = await fetch(`${s.base}/api/articles?limit=20`);
    if (!res.ok) throw new Error(`the list answered ${res.status} after start-up`);
    startups.push(performance.now() - started);
    await s.stop();
  }
  results.startupMs = Math.round(Math.min(...startups));

  // --- Scaling: p99 of each listed query at each size, and the query plans ---
  const sizes = values.sizes!.split(",").filter(Boolean).map(Number);
  const providers: BenchProvider[] = values.postgres ? ["sqlite", "postgresql"] : ["sqlite"];
  const scaling: Record<string, Record<string, Record<string, number>>> = {};
  const plans: Record<string, Record<string, PlannedQuery[]>> = {};
  const seedSeconds: Record<string, Record<number, number>> = {};
  for (const provider of providers) {
    scaling[provider] = {};
    for (const size of sizes) {
      const db = provider === "sqlite" && size === articles ? main : await seeded(provider, size);
      if (db.seedSeconds !== null) (seedSeconds[provider] ??= {})[size] = Math.round(db.seedSeconds);
      const s = await startServer(db.url);
      try {
        const t = await signIn(s.base);
        scaling[provider][size] = await scalingP99(s.base, t);
        if (size === Math.max(...sizes)) plans[provider] = await queryPlans(db.url, t);
      } finally {
        await s.stop();
      }
    }
  }
  results.seedSeconds = seedSeconds;
  results.scalingP99Ms = scaling;
  results.plans = plans;

  report(results, rows);
  const out = path.join(repo, "bench-results");
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, "latest.json"), JSON.stringify(results, null, 2));
  console.log(`\nwrote ${path.relative(repo, path.join(out, "latest.json"))}`);
  process.exit(0);
}

/** p99 of each listed query, 10 connections, on a running server. */
async function scalingP99(base: string, token: string): Promise<Record<string, number>> {
  const count = ((await (await fetch(`${base}/api/articles?limit=1`)).json()) as { articlesCount: number }).articlesCount;
  const lastPageCursor = await firstSlug(base, `&offset=${Math.max(0, count - 21)}`);
  const queries: Scenario[] = [
    { name: "list", path: "/api/articles?limit=20" },
    { name: "feed", path: "/api/articles/feed?limit=20", headers: { authorization: `Token ${token}` } },
    { name: "tag filter", path: "/api/articles?tag=typescript&limit=20" },
    { name: "favorited-by filter", path: "/api/articles?favorited=demo1&limit=20" },
    { name: "late page (offset)", path: `/api/articles?limit=20&offset=${Math.max(0, count - 20)}` },
    { name: "late page (cursor)", path: `/api/articles?limit=20&before=${lastPageCursor}` },
  ];
  const p99: Record<string, number> = {};
  for (const q of queries) p99[q.name] = (await load(base, q, { connections: 10, seconds: Math.min(seconds, 5), warmupSeconds: 1 })).p99;
  return p99;
}

async function queryPlans(url: string, token: string): Promise<Record<string, PlannedQuery[]>> {
  return {
    list: await explainProcedure(url, null, (c) => c.articles.list({ limit: 20 })),
    feed: await explainProcedure(url, token, (c) => c.articles.feed({ limit: 20 })),
    "tag filter": await explainProcedure(url, null, (c) => c.articles.list({ limit: 20, tag: "typescript" })),
    "favorited-by filter": await explainProcedure(url, null, (c) => c.articles.list({ limit: 20, favorited: "demo1" })),
  };
}

function reportTwins(results: Record<string, unknown>) {
  console.log(`\nmachine: ${results.machine}; ${connections} connections, ${seconds} s per scenario after a 1 s warm-up`);
  console.log(`like for like (${twinArticles} articles): each scenario on Conduit against its bare twin, taken in turn`);
  console.table(
    (results.twins as TwinResult[]).map((r) => ({
      database: r.provider,
      scenario: r.scenario,
      "twin req/s": Math.round(r.twin.reqPerSec),
      "Conduit req/s": Math.round(r.conduit.reqPerSec),
      "Conduit p99 ms": r.conduit.p99,
      ratio: r.ratio.toFixed(2),
      target: r.target,
      met: r.ratio >= r.target ? "yes" : "NO",
      "non-2xx": r.twin.non2xx + r.conduit.non2xx,
    })),
  );
  console.log(`peak RSS of Conduit under the list (MB): ${JSON.stringify(results.peakRssOnListMb)}`);
  console.log(`feed p99 (ms), following 3 and following 2,000 (ratio): ${JSON.stringify(results.feedP99Ms)}`);
}

function report(results: Record<string, unknown>, rows: LoadResult[]) {
  reportTwins(results);
  console.table(
    rows.map((r) => ({ scenario: r.name, "req/s": Math.round(r.reqPerSec), "p50 ms": r.p50, "p99 ms": r.p99, "non-2xx": r.non2xx })),
  );
  const login = results.login as LoadResult & { argon2id: object };
  console.log(
    `log-in (4 connections): ${Math.round(login.reqPerSec)} req/s, p99 ${login.p99} ms; argon2id ${JSON.stringify(login.argon2id)}`,
  );
  console.log(`memory: ${JSON.stringify(results.memory)}; start-up to the first 200 on the list: ${results.startupMs} ms`);
  console.log(`seed time (s) by database and size, where this run seeded: ${JSON.stringify(results.seedSeconds)}`);
  for (const [provider, bySize] of Object.entries(results.scalingP99Ms as Record<string, Record<string, Record<string, number>>>)) {
    console.log(`\np99 (ms) by database size on ${provider} (10 connections):`);
    console.table(bySize);
  }
  for (const [provider, byQuery] of Object.entries(results.plans as Record<string, Record<string, PlannedQuery[]>>)) {
    console.log(`query plans on ${provider} at the largest size:`);
    for (const [name, queries] of Object.entries(byQuery)) {
      console.log(`  ${name}:`);
      for (const q of queries)
        console.log(`    ${q.fullScans.length ? `FULL SCAN (${q.fullScans.join(", ")})` : "indexed"} | ${q.plan.join(" / ")}`);
    }
  }
}

await main();
