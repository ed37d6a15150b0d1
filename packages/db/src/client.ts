import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client.ts";
import { parseDatabaseUrl, type DatabaseTarget } from "./database-url.ts";

/**
 * The application's database client. Code is typed against the SQLite client, the narrower of
 * the two, so nothing PostgreSQL-only can be written; the same test suite on both databases is
 * what keeps the PostgreSQL client honest behind this type.
 */
export type Db = SqliteClient;

export interface QueryEvent {
  query: string;
  /** JSON array of the bound values. */
  params: string;
  duration: number;
}

export interface DbOptions {
  /** Called for every SQL statement; used by tests that count queries. */
  onQuery?: (event: QueryEvent) => void;
  /** PostgreSQL pool size. */
  poolSize?: number;
}

export interface DbHandle {
  db: Db;
  target: DatabaseTarget;
  close: () => Promise<void>;
}

export async function createDb(url: string | undefined, options: DbOptions = {}): Promise<DbHandle> {
  const target = parseDatabaseUrl(url);
  const log = options.onQuery ? [{ emit: "event" as const, level: "query" as const }] : [];
  let db: Db;
  if (target.provider === "sqlite") {
    mkdirSync(path.dirname(target.file), { recursive: true });
    const adapter = new PrismaBetterSqlite3({ url: target.file, timeout: 5_000 });
    db = new SqliteClient({ adapter, log }) as Db;
    // WAL lets readers run beside the writer; NORMAL sync is safe under WAL. better-sqlite3
    // enables foreign keys by default, but the schema's ON DELETE rules depend on it: say so.
    await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await db.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
    await db.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  } else {
    const adapter = new PrismaPg({ connectionString: target.url, max: options.poolSize ?? 10 });
    // The one conversion between the two client types (see `Db`).
    db = new PostgresClient({ adapter, log }) as unknown as Db;
  }
  if (options.onQuery) {
    const onQuery = options.onQuery;
    (db as unknown as { $on(e: "query", cb: (ev: QueryEvent) => void): void }).$on("query", (ev) => onQuery(ev));
  }
  return { db, target, close: () => db.$disconnect() };
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
