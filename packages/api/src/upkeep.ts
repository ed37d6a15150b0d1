import { pruneEvents, pruneIdempotencyKeys, type Db } from "@conduit/db";
import { pruneExpiredSessions } from "@conduit/auth";
import type { UpkeepTask } from "@conduit/jobs";
import { pruneAudit } from "./shared/audit-record.ts";
import { pruneRateLimits } from "./limits/auth-rate-limiter.ts";

export interface UpkeepSettings {
  /** Events older than this are deleted (a client behind them refetches). */
  eventRetentionMs: number;
  /** Audit records older than this are deleted. */
  auditRetentionMs: number;
}

/** The API's scheduled deletions, each of rows only the API writes; the server runs them. */
export function apiUpkeep(db: Db, { eventRetentionMs, auditRetentionMs }: UpkeepSettings) {
  return [
    { name: "upkeep.sessions", everySeconds: 3_600, run: () => pruneExpiredSessions(db) },
    { name: "upkeep.events", everySeconds: 900, run: () => pruneEvents(db, new Date(Date.now() - eventRetentionMs)) },
    { name: "upkeep.rate-limits", everySeconds: 600, run: () => pruneRateLimits(db) },
    { name: "upkeep.idempotency-keys", everySeconds: 900, run: () => pruneIdempotencyKeys(db) },
    { name: "upkeep.audit", everySeconds: 86_400, run: () => pruneAudit(db, new Date(Date.now() - auditRetentionMs)) },
  ] as const satisfies readonly UpkeepTask[];
}
