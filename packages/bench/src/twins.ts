import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { createSession } from "@conduit/auth";
import { createDb } from "@conduit/db";
import { productionServerArgs, startServerProcess, type ServerProcess } from "@conduit/testkit";
import { postgresAdminUrl, postgresUrlOf, scratchCopy, seeded, type BenchProvider } from "./databases.ts";
import { load, type LoadResult, type Scenario } from "./load.ts";
import { benchServerEnv, rssMb } from "./processes.ts";
import { feedAtScale } from "./feed-graph.ts";

const here = path.dirname(fileURLToPath(import.meta.url));

/** One scenario on both servers: Conduit's figures, its twin's, and the ratio. */
export interface TwinResult {
  provider: BenchProvider;
  scenario: string;
  twin: LoadResult;
  conduit: LoadResult;
  ratio: number;
  target: number;
}

/** What each kind of scenario must reach, as a fraction of its twin (issue 28). */
const targets = { read: 0.5, write: 0.4, health: 0.7, trpc: 0.85 } as const;

const trpcInput = (input: unknown) => encodeURIComponent(JSON.stringify(input));

interface Pair {
  name: string;
  kind: keyof typeof targets;
  conduit: Scenario;
  /** The twin's side: the bare server, or (for tRPC) the same procedure over Conduit's REST. */
  twin: Scenario;
  twinOnConduit?: boolean;
}

function pairs(token: string, slug: string, author: string): Pair[] {
  const auth = { authorization: `Token ${token}` };
  const same = (name: string, kind: Pair["kind"], scenario: Omit<Scenario, "name">): Pair => ({
    name,
    kind,
    conduit: { name, ...scenario },
    twin: { name, ...scenario },
  });
  const trpc = (name: string, procedure: string, input: unknown, rest: string, headers?: Record<string, string>): Pair => ({
    name,
    kind: "trpc",
    conduit: { name, path: `/trpc/${procedure}${input === undefined ? "" : `?input=${trpcInput(input)}`}`, headers },
    twin: { name, path: rest, headers },
    twinOnConduit: true,
  });
  return [
    same("list, anonymous", "read", { path: "/api/articles?limit=20" }),
    same("list, signed in", "read", { path: "/api/articles?limit=20", headers: auth }),
    same("feed", "read", { path: "/api/articles/feed?limit=20", headers: auth }),
    same("single article", "read", { path: `/api/articles/${slug}`, headers: auth }),
    same("comments", "read", { path: `/api/articles/${slug}/comments`, headers: auth }),
    same("profile", "read", { path: `/api/profiles/${author}`, headers: auth }),
    same("tags", "read", { path: "/api/tags" }),
    same("create with tags", "write", {
      path: "/api/articles",
      method: "POST",
      headers: auth,
      body: JSON.stringify({ article: { title: "Bench", description: "d", body: "b", tagList: ["bench", "twin"] } }),
    }),
    same("favorite, unfavorite", "write", {
      path: `/api/articles/${slug}/favorite`,
      headers: auth,
      sequence: [
        { method: "POST", path: `/api/articles/${slug}/favorite` },
        { method: "DELETE", path: `/api/articles/${slug}/favorite` },
      ],
    }),
    same("/health vs a bare route", "health", { path: "/health" }),
    trpc("tRPC tags.list vs REST", "tags.list", undefined, "/api/tags"),
    trpc("tRPC articles.get vs REST", "articles.get", { slug }, `/api/articles/${slug}`, auth),
    trpc("tRPC comments.list vs REST", "comments.list", { slug }, `/api/articles/${slug}/comments`, auth),
    trpc("tRPC profiles.get vs REST", "profiles.get", { username: author }, `/api/profiles/${author}`, auth),
    trpc("tRPC articles.list vs REST", "articles.list", { limit: 20 }, "/api/articles?limit=20"),
  ];
}

/** Two copies of the seeded data, one per server, so that neither sees the other's writes. */
async function copies(provider: BenchProvider, url: string): Promise<{ conduit: string; twin: string; drop: () => Promise<void> }> {
  if (provider === "sqlite") {
    const file = url.slice("file:".length);
    const conduit = scratchCopy(file, "conduit");
    const twin = scratchCopy(file, "twin");
    return { conduit: `file:${conduit}`, twin, drop: async () => {} };
  }
  const source = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  const names = { conduit: `${source}_conduit`, twin: `${source}_twin` };
  for (const name of Object.values(names)) {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${source}"`);
  }
  return {
    conduit: postgresUrlOf(names.conduit),
    twin: postgresUrlOf(names.twin),
    drop: async () => {
      for (const name of Object.values(names)) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** A session for demo0 in the seeded data, made before the copies so that it is valid in both. */
async function benchSession(url: string): Promise<string> {
  const { db, close } = await createDb(url);
  try {
    const user = await db.user.findUniqueOrThrow({ where: { username: "demo0" }, select: { id: true } });
    return (await createSession({ db }, user.id)).token;
  } finally {
    await close();
  }
}

/**
 * Every scenario on Conduit and on its bare twin, on one database, the two taken in turn
 * scenario by scenario so that the machine's noise falls on both alike. Also the peak RSS of
 * Conduit under the list.
 */
export async function runTwins(
  provider: BenchProvider,
  articles: number,
  opts: { connections: number; seconds: number; only?: string[] },
): Promise<{ rows: TwinResult[]; peakRssOnListMb: number; feedP99Ms: { few: number; many: number; ratio: number } }> {
  const seededDb = await seeded(provider, articles);
  const token = await benchSession(seededDb.url);
  const dbs = await copies(provider, seededDb.url);
  const twin: ServerProcess = await startServerProcess(
    ["--import", "tsx", path.join(here, "baseline-server.ts")],
    provider === "sqlite" ? { BASELINE_DB: dbs.twin } : { BASELINE_PG_URL: dbs.twin },
  );
  const conduit = await startServerProcess(productionServerArgs(), benchServerEnv(dbs.conduit));
  const rows: TwinResult[] = [];
  let peakRssOnListMb = 0;
  let feedP99Ms: Awaited<ReturnType<typeof feedAtScale>>;
  try {
    const { articles: firstPage } = (await (await fetch(`${conduit.base}/api/articles?limit=3`)).json()) as {
      articles: { slug: string; author: { username: string } }[];
    };
    const { slug, author } = firstPage[2]!;
    const loadOpts = { connections: opts.connections, seconds: opts.seconds, warmupSeconds: 1 };
    for (const pair of pairs(token, slug, author.username)) {
      if (opts.only && !opts.only.some((o) => pair.name.toLowerCase().includes(o))) continue;
      const sampling = pair.name === "list, anonymous";
      let peak = 0;
      const sampler = sampling ? setInterval(() => (peak = Math.max(peak, rssMb(conduit.child.pid!))), 100) : undefined;
      const twinResult = await load((pair.twinOnConduit ? conduit : twin).base, pair.twin, loadOpts);
      const conduitResult = await load(conduit.base, pair.conduit, loadOpts);
      clearInterval(sampler);
      if (sampling) peakRssOnListMb = Math.round(peak);
      rows.push({
        provider,
        scenario: pair.name,
        twin: twinResult,
        conduit: conduitResult,
        ratio: conduitResult.reqPerSec / twinResult.reqPerSec,
        target: targets[pair.kind],
      });
      const last = rows.at(-1)!;
      console.log(
        `  ${provider} ${pair.name}: ${Math.round(twinResult.reqPerSec)} vs ${Math.round(conduitResult.reqPerSec)} req/s = ${last.ratio.toFixed(2)} (target ${last.target})${twinResult.non2xx + conduitResult.non2xx ? ` non-2xx ${twinResult.non2xx}/${conduitResult.non2xx}` : ""}`,
      );
    }
    // Last: it adds 22,000 articles to Conduit's copy.
    feedP99Ms = await feedAtScale(dbs.conduit, conduit.base, token);
    console.log(`  ${provider} feed p99: ${feedP99Ms.few} ms following 3, ${feedP99Ms.many} ms following 2,000`);
  } finally {
    await conduit.stop();
    await twin.stop();
    await dbs.drop();
  }
  return { rows, peakRssOnListMb, feedP99Ms };
}
