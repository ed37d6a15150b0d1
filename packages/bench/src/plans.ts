import Database from "better-sqlite3";
import { createDb } from "@conduit/db";
import { appRouter, createContextInner } from "@conduit/api";

export interface PlannedQuery {
  sql: string;
  plan: string[];
  /** Tables read whole: SCAN steps that are not an ordered walk cut short by LIMIT. */
  fullScans: string[];
}

/**
 * Runs a procedure in-process, captures the SQL that Prisma sends for it, and asks SQLite how
 * it would run each statement (EXPLAIN QUERY PLAN). A full scan of a big table is a missing index.
 */
export async function explainProcedure(file: string, token: string | null, run: (caller: ReturnType<typeof appRouter.createCaller>) => Promise<unknown>): Promise<PlannedQuery[]> {
  const captured: { query: string; params: string }[] = [];
  const { db, close } = await createDb(`file:${file}`, { onQuery: (e) => captured.push(e as unknown as { query: string; params: string }) });
  const caller = appRouter.createCaller(createContextInner({ db, token }));
  await run(caller);
  await close();
  const sqlite = new Database(file, { readonly: true });
  const plans = captured
    .filter((q) => /^\s*SELECT/i.test(q.query) && !/FROM `?main`?\.`?Session`?|"Session"/.test(q.query))
    .map((q) => {
      const params = (JSON.parse(q.params) as unknown[]).map((p) => (typeof p === "boolean" ? Number(p) : p));
      const rows = sqlite.prepare(`EXPLAIN QUERY PLAN ${q.query}`).all(...params) as { detail: string }[];
      const plan = rows.map((r) => r.detail.trim());
      // `SCAN a` inside the page's id subquery walks the primary key newest first and stops at
      // LIMIT; a COUNT over a whole table is expected for the unfiltered total (cached).
      const limited = /LIMIT/i.test(q.query) && /ORDER BY [`"]?(main[`"]?\.)?[`"]?\w*[`"]?\.?[`"]?id[`"]? DESC/i.test(q.query);
      const fullScans = plan.filter((d) => /^SCAN /.test(d) && !/USING (COVERING )?INDEX|CO-ROUTINE/.test(d) && !limited);
      return { sql: q.query.replace(/\s+/g, " ").slice(0, 200), plan, fullScans };
    });
  sqlite.close();
  return plans;
}
