import type { Sql } from "@prisma/client/runtime/client";
import type { Pool } from "pg";
import type { ChangeSignals } from "./change-signals.ts";
import type { PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";

export interface QueryEvent {
  query: string;
  /** JSON array of the bound values. */
  params: string;
  duration: number;
}

/**
 * Read-only SQL straight to the driver, for the few hot reads written by hand (the article list
 * and feed, the session lookup). `$queryRaw` sends each statement through Prisma's query
 * pipeline, and `@prisma/adapter-better-sqlite3` prepares it again on every call: together
 * that was half the article list's CPU time (see docs/benchmarks.md). Rows come back as the
 * driver gives them, and callers convert types, as they must for `$queryRaw` too.
 */
export interface RawReader {
  rows<T = Record<string, unknown>>(query: Sql): Promise<T[]>;
}

/** One driver's connection: Prisma's client, the raw reader beside it, and how to close both. */
export interface Connection {
  client: SqliteClient;
  reader: RawReader;
  /** PostgreSQL's pool (Prisma's own), for libraries that keep shared state there; null on SQLite. */
  postgresPool: Pool | null;
  signals: ChangeSignals;
  close(): Promise<void>;
}

export interface ConnectOptions {
  log: { emit: "event"; level: "query" }[];
  onQuery?: (event: QueryEvent) => void;
  poolSize?: number;
  sqliteSynchronous?: "NORMAL" | "FULL";
}

export function reportQuery(onQuery: ConnectOptions["onQuery"], query: string, values: unknown[], started: number) {
  onQuery?.({ query, params: JSON.stringify(values), duration: performance.now() - started });
}
