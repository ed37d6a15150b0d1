import Database, { type Statement } from "better-sqlite3";
import type pg from "pg";
import type { Sql } from "@prisma/client/runtime/client";
import type { QueryEvent } from "./client.ts";

/**
 * Read-only SQL straight to the driver, for the few hot reads written by hand (the article list
 * and feed). `$queryRaw` sends each statement through Prisma's query pipeline and
 * `@prisma/adapter-better-sqlite3` prepares it again on every call; together that was half the
 * article list's CPU time (see the README's benchmarks). Rows come back as the driver gives them:
 * callers convert types, as they must for `$queryRaw` too.
 */
export interface RawReader {
  rows<T = Record<string, unknown>>(query: Sql): Promise<T[]>;
  close(): Promise<void>;
}

type OnQuery = ((event: QueryEvent) => void) | undefined;

function report(onQuery: OnQuery, query: string, values: unknown[], started: number) {
  onQuery?.({ query, params: JSON.stringify(values), duration: performance.now() - started });
}

/** The statements a process runs are a fixed, small set; the cap only guards against a leak. */
const maxStatements = 200;

/**
 * A second, read-only connection to the same file: WAL lets it read beside Prisma's connection,
 * and it cannot write. Each statement is prepared once and reused.
 */
export function sqliteReader(file: string, onQuery: OnQuery): RawReader {
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
    async rows<T>(query: Sql) {
      const started = performance.now();
      const rows = prepare(query.sql).all(...(query.values as unknown[])) as T[];
      report(onQuery, query.sql, query.values, started);
      return rows;
    },
    async close() {
      connection.close();
    },
  };
}

/** PostgreSQL: the pool Prisma's adapter uses, so the app holds one set of connections. */
export function postgresReader(pool: pg.Pool, onQuery: OnQuery): RawReader {
  return {
    async rows<T>(query: Sql) {
      const started = performance.now();
      const result = await pool.query({ text: query.text, values: query.values as unknown[] });
      report(onQuery, query.text, query.values, started);
      return result.rows as T[];
    },
    async close() {},
  };
}
