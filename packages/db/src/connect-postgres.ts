import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/postgresql/client.ts";
import { reportQuery, type Connection, type ConnectOptions } from "./connection.ts";
import { postgresSignals } from "./postgres-signals.ts";
import type { PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";

export async function connectPostgres(url: string, { log, onQuery, poolSize }: ConnectOptions): Promise<Connection> {
  // One pool for Prisma and for raw reads, so the app holds one set of connections.
  const pool = new pg.Pool({ connectionString: url, max: poolSize ?? 10 });
  // An idle connection the server ends (a restart, a dropped database) is an 'error' event that
  // would crash the process if nobody listened. The pool discards that connection and opens a
  // new one for the next query, so there is nothing more to do.
  pool.on("error", () => {});
  const client = new PrismaClient({ adapter: new PrismaPg(pool), log });
  const signals = postgresSignals(url, pool);
  return {
    // The one conversion between the two client types (see `Db` in client.ts).
    client: client as unknown as SqliteClient,
    postgresPool: pool,
    signals,
    reader: {
      async rows<T>(query: { text: string; values: unknown[] }) {
        const started = performance.now();
        const result = await pool.query({ text: query.text, values: query.values });
        reportQuery(onQuery, query.text, query.values, started);
        return result.rows as T[];
      },
    },
    close: async () => {
      await signals.close();
      await client.$disconnect();
      await pool.end();
    },
  };
}
