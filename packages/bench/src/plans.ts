import Database from "better-sqlite3";
import pg from "pg";
import { createDb } from "@conduit/db";
import { appRouter, createContextInner, inProcessDeps } from "@conduit/api";

export interface PlannedQuery {
  sql: string;
  plan: string[];
  /** Tables read whole: scans that are not an ordered walk cut short by LIMIT. */
  fullScans: string[];
}

interface Captured {
  query: string;
  params: string;
}

/**
 * Runs a procedure in-process, captures the SQL it sends, and asks the database how it would run
 * each statement (SQLite's EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN). A full scan of a big table
 * is a missing index.
 */
export async function explainProcedure(
  url: string,
  token: string | null,
  run: (caller: ReturnType<typeof appRouter.createCaller>) => Promise<unknown>,
): Promise<PlannedQuery[]> {
  const captured: Captured[] = [];
  const { db, close } = await createDb(url, { onQuery: (e) => captured.push(e) });
  await run(appRouter.createCaller(createContextInner(inProcessDeps(db), { token })));
  await close();
  const reads = captured.filter((q) => /^\s*SELECT/i.test(q.query) && !/"Session"/.test(q.query));
  return url.startsWith("file:") ? explainSqlite(url.slice("file:".length), reads) : explainPostgres(url, reads);
}

/** The page's id subquery walks an index newest first and stops at LIMIT: not a full scan. */
const limitedWalk = (query: string) => /LIMIT/i.test(query) && /ORDER BY [`"]?\w*[`"]?\.?[`"]?(id|articleId)[`"]? DESC/i.test(query);
const oneLine = (query: string) => query.replace(/\s+/g, " ").slice(0, 200);

function explainSqlite(file: string, reads: Captured[]): PlannedQuery[] {
  const sqlite = new Database(file, { readonly: true });
  try {
    return reads.map((q) => {
      const params = (JSON.parse(q.params) as unknown[]).map((p) => (typeof p === "boolean" ? Number(p) : p));
      const plan = (sqlite.prepare(`EXPLAIN QUERY PLAN ${q.query}`).all(...params) as { detail: string }[]).map((r) => r.detail.trim());
      const fullScans = limitedWalk(q.query) ? [] : plan.filter((d) => /^SCAN /.test(d) && !/USING (COVERING )?INDEX|CO-ROUTINE/.test(d));
      return { sql: oneLine(q.query), plan, fullScans };
    });
  } finally {
    sqlite.close();
  }
}

async function explainPostgres(url: string, reads: Captured[]): Promise<PlannedQuery[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const plans: PlannedQuery[] = [];
    for (const q of reads) {
      const { rows } = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN ${q.query}`, JSON.parse(q.params) as unknown[]);
      const plan = rows.map((r) => r["QUERY PLAN"].trim());
      // A sequential scan of a table of a few dozen rows (the tags) is the planner's right choice.
      const big = (d: string) => Number(/rows=(\d+)/.exec(d)?.[1] ?? Infinity) > 1_000;
      const fullScans = limitedWalk(q.query)
        ? []
        : plan.filter((d) => /Seq Scan on/.test(d) && big(d)).map((d) => d.replace(/\s+\(cost.*$/, ""));
      plans.push({ sql: oneLine(q.query), plan, fullScans });
    }
    return plans;
  } finally {
    await client.end();
  }
}
