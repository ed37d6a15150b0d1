// pnpm bench [--articles 100000] [--sizes 1000,100000,1000000 (or "" for none)] [--seconds 10] [--connections 50]
//            [--only "list,feed"]  (only the throughput scenarios whose names contain one of these)
//            [--postgres]  (the scaling runs on PostgreSQL too: BENCH_POSTGRES_URL, by default the local server)
// Starts the production server (apps/server/dist) and a bare Fastify + better-sqlite3 baseline on
// the same seeded SQLite file, loads both with autocannon, and reports req/s, p50, p99 and the
// ratio to the baseline's article list; then p99 per query at each database size, with the
// database's query plans; RSS idle, under load and during log-in; start-up time. Prints tables
// and writes bench-results/.
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

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../../..");

const { values } = parseArgs({
  options: {
    articles: { type: "string", default: "100000" },
    sizes: { type: "string", default: "1000,100000,1000000" },
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "50" },
    only: { type: "string" },
    postgres: { type: "boolean", default: false },
  },
});
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

const trpcInput = (input: unknown) => encodeURIComponent(JSON.stringify(input));

async function main() {
  const results: Record<string, unknown> = {
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    date: new Date().toISOString(),
  };
  const articles = Number(values.articles);
  console.log(`preparing a SQLite database with ${articles} articles...`);
  const main = await seeded("sqlite", articles);
  const mainFile = main.url.slice("file:".length);

  // --- Throughput at the main size, against the baseline in the same run ---
  // The write scenarios add thousands of articles: they run on a copy, and the scaling runs
  // below see the seeded data only.
  const scratch = scratchCopy(mainFile);
  const baseline = await startServerProcess(["--import", "tsx", path.join(here, "baseline-server.ts")], { BASELINE_DB: scratch });
  const server = await startServer(`file:${scratch}`);
  const token = await signIn(server.base);
  const auth = { authorization: `Token ${token}` };
  const slug = await firstSlug(server.base, "&offset=2");
  const rows: (LoadResult & { ratio?: number; peakRssMb?: number })[] = [];
  try {
    const baselineList = await load(
      baseline.base,
      { name: "baseline: list (bare Fastify + SQL)", path: "/api/articles?limit=20" },
      loadOpts,
    );
    rows.push(baselineList);
    const idleRss = rssMb(server.child.pid!);
    let peakRss = idleRss;
    let scenarioPeak = 0;
    const sampler = setInterval(() => {
      const rss = rssMb(server.child.pid!);
      peakRss = Math.max(peakRss, rss);
      scenarioPeak = Math.max(scenarioPeak, rss);
    }, 100);
    const scenarios: Scenario[] = [
      { name: "REST list, anonymous", path: "/api/articles?limit=20" },
      { name: "REST list, signed in", path: "/api/articles?limit=20", headers: auth },
      { name: "tRPC list", path: `/trpc/articles.list?input=${trpcInput({ limit: 20 })}` },
      { name: "tRPC batch: list + tags", path: `/trpc/articles.list,tags.list?batch=1&input=${trpcInput({ 0: { limit: 20 } })}` },
      { name: "REST feed", path: "/api/articles/feed?limit=20", headers: auth },
      { name: "REST single article", path: `/api/articles/${slug}`, headers: auth },
      { name: "REST tags", path: "/api/tags" },
      { name: "REST comments of an article", path: `/api/articles/${slug}/comments` },
      {
        name: "REST create article",
        path: "/api/articles",
        method: "POST",
        headers: auth,
        body: JSON.stringify({ article: { title: "Bench", description: "d", body: "b", tagList: ["bench"] } }),
      },
      { name: "REST favorite", path: `/api/articles/${slug}/favorite`, method: "POST", headers: auth },
    ];
    const only = values.only?.split(",").map((s) => s.trim().toLowerCase());
    for (const scenario of scenarios.filter((s) => !only || only.some((o) => s.name.toLowerCase().includes(o)))) {
      scenarioPeak = 0;
      const r = await load(server.base, scenario, loadOpts);
      rows.push({ ...r, ratio: r.reqPerSec / baselineList.reqPerSec, peakRssMb: Math.round(scenarioPeak) });
    }
    const throughputPeak = peakRss;
    // Log-in is sampled apart: each argon2id hash takes 19 MiB outside the JS heap, one per thread-pool thread.
    scenarioPeak = 0;
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
    // The same list with tracing on, spans exported to a collector that drops them.
    if (!only || only.some((o) => "rest list, anonymous, tracing on".includes(o))) {
      const collector = await discardingCollector();
      const traced = await startServer(`file:${scratch}`, { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
      try {
        const r = await load(traced.base, { name: "REST list, anonymous, tracing on", path: "/api/articles?limit=20" }, loadOpts);
        rows.push({ ...r, ratio: r.reqPerSec / baselineList.reqPerSec });
      } finally {
        await traced.stop();
        collector.close();
      }
    }
    results.throughput = rows;
    results.login = {
      ...login,
      argon2id: passwordHashOptions,
      peakRssMb: Math.round(scenarioPeak),
      note: "log-in is argon2id-bound by design; it runs on libuv's thread pool",
    };
    results.memory = {
      idleRssMb: Math.round(idleRss),
      peakRssUnderLoadMb: Math.round(throughputPeak),
      peakRssDuringLogInMb: Math.round(scenarioPeak),
    };
  } finally {
    await server.stop();
    await baseline.stop();
  }

  // --- Start-up: best of three cold starts of the production server ---
  const startups: number[] = [];
  for (let i = 0; i < 3; i++) {
    const s: ServerProcess = await startServer(main.url);
    startups.push(s.startupMs);
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

function report(results: Record<string, unknown>, rows: (LoadResult & { ratio?: number; peakRssMb?: number })[]) {
  console.log(`\nmachine: ${results.machine}; ${connections} connections, ${seconds} s per scenario after a 2 s warm-up`);
  console.table(
    rows.map((r) => ({
      scenario: r.name,
      "req/s": Math.round(r.reqPerSec),
      "p50 ms": r.p50,
      "p99 ms": r.p99,
      "vs baseline list": r.ratio === undefined ? "1.00" : r.ratio.toFixed(2),
      "peak RSS MB": r.peakRssMb ?? "",
      "non-2xx": r.non2xx,
      errors: r.errors,
    })),
  );
  const login = results.login as LoadResult & { argon2id: object };
  console.log(
    `log-in (4 connections): ${Math.round(login.reqPerSec)} req/s, p99 ${login.p99} ms; argon2id ${JSON.stringify(login.argon2id)}`,
  );
  console.log(`memory: ${JSON.stringify(results.memory)}; start-up to first 200 on /health: ${results.startupMs} ms`);
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
