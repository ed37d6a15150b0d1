import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client.ts";
import { parseDatabaseUrl, type DatabaseTarget } from "./database-url.ts";
import { postgresReader, sqliteReader, type RawReader } from "./raw-read.ts";

/**
 * The application's database client. Code is typed against the SQLite client, the narrower of
 * the two, so nothing PostgreSQL-only can be written; the same test suite on both databases is
 * what keeps the PostgreSQL client honest behind this type.
 */
export type Db = SqliteClient & {
  /** Hand-written read-only SQL straight to the driver, for hot reads (see raw-read.ts). */
  readonly $rawRead: RawReader["rows"];
};

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
  let client: SqliteClient;
  let reader: RawReader;
  let closePool = async () => {};
  if (target.provider === "sqlite") {
    mkdirSync(path.dirname(target.file), { recursive: true });
    const adapter = new PrismaBetterSqlite3({ url: target.file, timeout: 5_000 });
    client = new SqliteClient({ adapter, log });
    // WAL lets readers run beside the writer; NORMAL sync is safe under WAL. better-sqlite3
    // enables foreign keys by default, but the schema's ON DELETE rules depend on it: say so.
    await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await client.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
    await client.$executeRawUnsafe("PRAGMA foreign_keys = ON");
    reader = sqliteReader(target.file, options.onQuery);
  } else {
    const pool = new pg.Pool({ connectionString: target.url, max: options.poolSize ?? 10 });
    // The one conversion between the two client types (see `Db`).
    client = new PostgresClient({ adapter: new PrismaPg(pool), log }) as unknown as SqliteClient;
    reader = postgresReader(pool, options.onQuery);
    closePool = () => pool.end();
  }
  const db: Db = Object.assign(client, { $rawRead: reader.rows });
  if (options.onQuery) {
    const onQuery = options.onQuery;
    (db as unknown as { $on(e: "query", cb: (ev: QueryEvent) => void): void }).$on("query", (ev) => onQuery(ev));
  }
  return {
    db,
    target,
    close: async () => {
      await reader.close();
      await db.$disconnect();
      await closePool();
    },
  };
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
