// pnpm bench:live [--writes 20] [--gap 250] [--streams 10,100,1000] [--seconds 8] [--connections 50]
// Live updates and several instances, on a fresh PostgreSQL database (TEST_POSTGRES_URL's server):
//  1. delivery latency: the time from a comment's 201 on instance B to its arrival on streams
//     open on instance A, p50 and p99, with 10, 100 and 1,000 streams open (one comment every
//     --gap ms; the streams are read by a worker thread);
//  2. memory per open stream on A (RSS before and after opening them);
//  3. the event write's cost: comments and articles written with their event against the same
//     writes alone, in this process, on SQLite and PostgreSQL;
//  4. the list scenarios through a round-robin proxy to one instance and to three.
// Figures only: nothing here passes or fails.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { hash } from "@node-rs/argon2";
import { writeWithEvent, type Db } from "@conduit/db";
import { createTestDatabase, type Provider, sleep } from "@conduit/db/testing";
import { seed } from "@conduit/db/seed";
import { Worker } from "node:worker_threads";
import { registerUser, roundRobinProxy, startCluster } from "@conduit/testkit";
import { load } from "./load.ts";
import { benchServerEnv, rssMb } from "./processes.ts";
import { bestOfRounds } from "./rounds.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../../..");
const { values } = parseArgs({
  options: {
    writes: { type: "string", default: "20" },
    gap: { type: "string", default: "250" },
    streams: { type: "string", default: "10,100,1000" },
    seconds: { type: "string", default: "8" },
    connections: { type: "string", default: "50" },
  },
});
const gapMs = Number(values.gap);
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Streams on A's article page (held by a worker thread); comments written through B, one at a time. */
async function deliveryLatency(a: string, b: string, streams: number, writes: number, aPid: number) {
  const writer = await registerUser(b, `writer${streams}`);
  const headers = { authorization: `Token ${writer.token}`, "content-type": "application/json" };
  const created = await fetch(`${b}/api/articles`, {
    method: "POST",
    headers,
    body: JSON.stringify({ article: { title: `Latency ${streams}`, description: "d", body: "b" } }),
  });
  const slug = ((await created.json()) as { article: { slug: string } }).article.slug;
  const worker = new Worker(new URL("./stream-worker.ts", import.meta.url), { execArgv: ["--import", "tsx"] });
  const reply = <T>(type: string) =>
    new Promise<T>((resolve) => worker.on("message", (m: { type: string }) => m.type === type && resolve(m as T)));
  const rssBefore = rssMb(aPid);
  const opened = reply("open");
  worker.postMessage({ type: "open", base: a, slug, count: streams });
  await opened;
  await sleep(1_000);
  const rssOpen = rssMb(aPid);
  const answered = new Map<string, number>();
  for (let i = 0; i < writes; i++) {
    const body = `latency ${streams} ${i}`;
    const res = await fetch(`${b}/api/articles/${slug}/comments`, { method: "POST", headers, body: JSON.stringify({ comment: { body } }) });
    answered.set(body, performance.timeOrigin + performance.now());
    await res.arrayBuffer();
    await sleep(gapMs);
  }
  await sleep(Math.min(30_000, 2_000 + streams * 5));
  const reported = reply<{ arrivals: [string, number[]][] }>("report");
  worker.postMessage({ type: "report" });
  const arrivals = new Map((await reported).arrivals);
  await worker.terminate();
  const latencies: number[] = [];
  let missing = 0;
  for (const [body, at] of answered) {
    const got = arrivals.get(body) ?? [];
    missing += streams - got.length;
    for (const t of got) latencies.push(Math.max(0, t - at));
  }
  latencies.sort((x, y) => x - y);
  return {
    streams,
    writes,
    deliveries: latencies.length,
    missing,
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    rssBeforeMb: round(rssBefore),
    rssOpenMb: round(rssOpen),
    kbPerStream: round(((rssOpen - rssBefore) * 1024) / streams),
  };
}

/** The same writes with and without their event, `count` of each, 8 at a time, alternating rounds. */
async function eventWriteCost(provider: Provider, count: number) {
  const database = await createTestDatabase(provider, { poolSize: 10 });
  const db: Db = database.db;
  const user = await db.user.create({ data: { email: "cost@bench.test", username: "cost", passwordHash: "x" } });
  const article = await db.article.create({ data: { slug: "cost", title: "t", description: "d", body: "b", authorId: user.id } });
  let n = 0;
  const comment = { body: "a comment of ordinary length, a sentence or two long.", articleId: article.id, authorId: user.id };
  const articleData = () => ({ slug: `cost-${++n}`, title: "t", description: "d", body: "b ".repeat(500), authorId: user.id });
  const ops = {
    "comment alone": () => db.comment.create({ data: comment, select: { id: true } }),
    "comment + event": () =>
      writeWithEvent(
        db,
        (tx) => tx.comment.create({ data: comment, select: { id: true } }),
        ({ id }) => ({ kind: "comment.added", articleId: article.id, userId: user.id, data: { id, ...comment } }),
      ),
    "article alone": () => db.article.create({ data: articleData(), select: { id: true } }),
    "article + event": () =>
      writeWithEvent(
        db,
        (tx) => tx.article.create({ data: articleData(), select: { id: true, slug: true } }),
        (a) => ({ kind: "article.published", articleId: a.id, userId: user.id, data: { slug: a.slug } }),
      ),
  };
  const best = await bestOfRounds(ops, count);
  await database.drop();
  return {
    provider,
    commentsPerSecAlone: Math.round(best["comment alone"]),
    commentsPerSecWithEvent: Math.round(best["comment + event"]),
    commentRatio: round(best["comment + event"] / best["comment alone"], 2),
    articlesPerSecAlone: Math.round(best["article alone"]),
    articlesPerSecWithEvent: Math.round(best["article + event"]),
    articleRatio: round(best["article + event"] / best["article alone"], 2),
  };
}

async function main() {
  const writes = Number(values.writes);
  const results: Record<string, unknown> = {
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}`,
    date: new Date().toISOString(),
  };

  console.log("event write cost (in process, 8 writers, best of 3 rounds)...");
  results.eventWriteCost = [await eventWriteCost("sqlite", 1_000), await eventWriteCost("postgresql", 1_000)];
  console.table(results.eventWriteCost);

  const database = await createTestDatabase("postgresql");
  await seed(database.db, { articles: 2_000, passwordHash: await hash("password123", { algorithm: 2 }) });
  await database.close();
  const env = { ...benchServerEnv(database.url), LIVE_MAX_STREAMS_PER_USER: "100000" };
  const cluster = await startCluster(3, env);
  const [a, b] = cluster.instances;
  try {
    console.log("delivery latency, B's 201 to A's streams...");
    const latency = [];
    for (const streams of values.streams.split(",").map(Number))
      latency.push(await deliveryLatency(a!.base, b!.base, streams, writes, a!.child.pid!));
    results.deliveryLatency = latency;
    console.table(latency);

    console.log("list scenarios through a round-robin proxy: one instance, then three...");
    const loadOpts = { connections: Number(values.connections), seconds: Number(values.seconds), warmupSeconds: 2 };
    const scenarios = [
      { name: "REST list, anonymous", path: "/api/articles?limit=20" },
      { name: "tRPC list, anonymous", path: `/trpc/articles.list?input=${encodeURIComponent(JSON.stringify({ limit: 20 }))}` },
    ];
    const one = await roundRobinProxy([Number(new URL(a!.base).port)]);
    const rows = [];
    for (const scenario of scenarios) {
      const single = await load(one.base, scenario, loadOpts);
      const three = await load(cluster.base, scenario, loadOpts);
      rows.push({
        scenario: scenario.name,
        oneReqPerSec: Math.round(single.reqPerSec),
        threeReqPerSec: Math.round(three.reqPerSec),
        ratio: round(three.reqPerSec / single.reqPerSec, 2),
        oneP99: single.p99,
        threeP99: three.p99,
        errors: single.errors + three.errors + single.non2xx + three.non2xx,
      });
    }
    await one.close();
    results.instances = rows;
    console.table(rows);
  } finally {
    await cluster.stop();
    await database.drop();
  }
  mkdirSync(path.join(repo, "bench-results"), { recursive: true });
  const file = path.join(repo, "bench-results", "live.json");
  writeFileSync(file, JSON.stringify(results, null, 2));
  console.log(`written to ${path.relative(repo, file)}`);
  process.exit(0);
}

await main();
