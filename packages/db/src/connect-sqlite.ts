import { mkdirSync } from "node:fs";
import path from "node:path";
import Database, { type Statement } from "better-sqlite3";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/sqlite/client.ts";
import { reportQuery, type Connection, type ConnectOptions, type RawReader } from "./connection.ts";
import { inProcessSignals } from "./change-signals.ts";

export async function connectSqlite(file: string, { log, onQuery, sqliteSynchronous = "NORMAL" }: ConnectOptions): Promise<Connection> {
  mkdirSync(path.dirname(file), { recursive: true });
  const client = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: file, timeout: 5_000 }), log });
  // WAL lets readers run beside the writer. better-sqlite3 enables foreign keys by default, but
  // the schema's ON DELETE rules depend on it: say so.
  await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await client.$executeRawUnsafe(`PRAGMA synchronous = ${sqliteSynchronous === "FULL" ? "FULL" : "NORMAL"}`);
  await client.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  const reader = sqliteReader(file, onQuery);
  return {
    client,
    reader,
    postgresPool: null,
    signals: inProcessSignals(),
    close: async () => {
      reader.close();
      await client.$disconnect();
    },
  };
}

/** The statements a process runs are a fixed, small set; the cap only guards against a leak. */
const maxStatements = 200;

/**
 * A second, read-only connection to the same file: WAL lets it read beside Prisma's connection,
 * and it cannot write. Each statement is prepared once and reused.
 */
function sqliteReader(file: string, onQuery: ConnectOptions["onQuery"]): RawReader & { close(): void } {
  const connection = new Database(file, { readonly: true, fileMustExist: true, timeout: 5_000 });
  const statements = new Map<string, Statement>();
  const prepare = (text: string) => {
    let statement = statements.get(text);
    if (!statement) {
      if (statements.size >= maxStatements) statements.clear();
      statement = connection.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };
  return {
    async rows<T>(query: { sql: string; values: unknown[] }) {
      const started = performance.now();
      const rows = prepare(query.sql).all(...query.values) as T[];
      reportQuery(onQuery, query.sql, query.values, started);
      return rows;
    },
    close: () => connection.close(),
  };
}
