// pnpm --filter @conduit/db audit:export [--since 2026-01-01T00:00:00Z] > audit.jsonl
//
// The audit log as JSON lines (one record per line, oldest first), for a SIEM to ingest. Reads
// DATABASE_URL; pages by id, so it holds one page in memory however long the log.
import { parseArgs } from "node:util";
import { createDb } from "../src/client.ts";

const { values } = parseArgs({ options: { since: { type: "string" } } });
const since = values.since ? new Date(values.since) : new Date(0);
if (Number.isNaN(since.getTime())) {
  console.error(`--since is not a date: ${values.since}`);
  process.exit(1);
}
const { db, close } = await createDb(process.env.DATABASE_URL);
let after = 0;
for (;;) {
  const page = await db.auditEvent.findMany({ where: { id: { gt: after }, at: { gte: since } }, orderBy: { id: "asc" }, take: 1_000 });
  for (const row of page) process.stdout.write(`${JSON.stringify({ ...row, details: JSON.parse(row.details) as unknown })}\n`);
  if (page.length < 1_000) break;
  after = page.at(-1)!.id;
}
await close();
process.exit(0);
