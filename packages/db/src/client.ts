import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";
import { parseDatabaseUrl, type DatabaseTarget } from "./database-url.ts";
import type { Connection, QueryEvent, RawReader } from "./connection.ts";

export type { QueryEvent } from "./connection.ts";

/**
 * The application's database client. Code is typed against the SQLite client, the narrower of
 * the two, so nothing PostgreSQL-only can be written; the same test suite on both databases is
 * what keeps the PostgreSQL client honest behind this type.
 */
export type Db = SqliteClient & {
  /** Hand-written read-only SQL straight to the driver, for hot reads (see connection.ts). */
  readonly $rawRead: RawReader["rows"];
  /**
   * The pg pool Prisma's adapter uses, on PostgreSQL; null on SQLite. For state every instance
   * must share that a library keeps in its own table (rate limits), not for queries.
   */
  readonly $postgresPool: Connection["postgresPool"];
  /** Change signals between the instances on this database (in process on SQLite). */
  readonly $signals: Connection["signals"];
  /** Which database this is, for the few statements that differ (the event log's ordering). */
  readonly $provider: DatabaseTarget["provider"];
};

export interface DbOptions {
  /** Called for every SQL statement; used by tests that count queries. */
  onQuery?: (event: QueryEvent) => void;
  /** PostgreSQL pool size. */
  poolSize?: number;
  /**
   * SQLite's durability. NORMAL (the default) under WAL survives a crash of the process, not of
   * the machine: a power cut can roll back the last commits. FULL syncs every commit to disk.
   */
  sqliteSynchronous?: "NORMAL" | "FULL";
}

export interface DbHandle {
  db: Db;
  target: DatabaseTarget;
  close: () => Promise<void>;
}

export async function createDb(url: string | undefined, options: DbOptions = {}): Promise<DbHandle> {
  const target = parseDatabaseUrl(url);
  const log = options.onQuery ? [{ emit: "event" as const, level: "query" as const }] : [];
  // Only the driver in use is loaded: a SQLite deployment never loads pg, nor PostgreSQL better-sqlite3.
  const connection: Connection =
    target.provider === "sqlite"
      ? await (await import("./connect-sqlite.ts")).connectSqlite(target.file, { log, ...options })
      : await (await import("./connect-postgres.ts")).connectPostgres(target.url, { log, ...options });
  const { client, reader, postgresPool, signals } = connection;
  const db: Db = Object.assign(client, {
    $rawRead: tracedReads(reader, target.provider),
    $postgresPool: postgresPool,
    $signals: signals,
    $provider: target.provider,
  });
  if (options.onQuery) {
    const onQuery = options.onQuery;
    (db as unknown as { $on(e: "query", cb: (ev: QueryEvent) => void): void }).$on("query", (ev) => onQuery(ev));
  }
  let closed: Promise<void> | undefined;
  // Closing twice is harmless (a test helper may close, then drop).
  return { db, target, close: () => (closed ??= connection.close()) };
}

/** True when the database answers a trivial query. */
export async function isDatabaseReachable(db: Db): Promise<boolean> {
  try {
    await db.$queryRawUnsafe("SELECT 1");
    return true;
  } catch {
    return false;
  }
}

/**
 * A span per hand-written read, beside the ones @prisma/instrumentation makes for Prisma's own
 * queries, so that a slow request shows which SQL was slow. A no-op while tracing is off; the
 * tracer is looked up per call, as in packages/api's procedure spans.
 */
function tracedReads(reader: RawReader, provider: string): RawReader["rows"] {
  return <T>(query: Parameters<RawReader["rows"]>[0]) =>
    trace
      .getTracer("@conduit/db")
      .startActiveSpan(
        "db_query",
        { kind: SpanKind.CLIENT, attributes: { "db.system.name": provider, "db.query.text": query.sql } },
        async (span) => {
          try {
            return await reader.rows<T>(query);
          } catch (error) {
            span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
            throw error;
          } finally {
            span.end();
          }
        },
      );
}
