import Database from "better-sqlite3";
import pg from "pg";

type Row = Record<string, unknown>;

/**
 * What the bare twin needs of a database: rows for a statement written with `?` placeholders,
 * and a transaction. Nothing else: no query builder, no validation, no mapping layer.
 */
export interface BareDb {
  provider: "sqlite" | "postgresql";
  all(text: string, params?: unknown[]): Promise<Row[]>;
  tx<T>(work: (q: (text: string, params?: unknown[]) => Promise<Row[]>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** better-sqlite3, each statement prepared once, WAL as Conduit runs it. */
export function openBareSqlite(file: string): BareDb {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  const prepared = new Map<string, Database.Statement>();
  const statement = (text: string) => prepared.get(text) ?? prepared.set(text, db.prepare(text)).get(text)!;
  const q = async (text: string, params: unknown[] = []) => {
    const s = statement(text);
    return s.reader ? (s.all(...params) as Row[]) : (s.run(...params), []);
  };
  // One connection: a transaction runs alone, as SQLite allows only one writer anyway.
  let queue = Promise.resolve();
  return {
    provider: "sqlite",
    all: q,
    tx(work) {
      const run = queue.then(async () => {
        db.exec("BEGIN IMMEDIATE");
        try {
          const value = await work(q);
          db.exec("COMMIT");
          return value;
        } catch (error) {
          db.exec("ROLLBACK");
          throw error;
        }
      });
      queue = run.then(
        () => {},
        () => {},
      );
      return run;
    },
    close: async () => void db.close(),
  };
}

/** `?` placeholders to PostgreSQL's `$1`, `$2`... once per statement text. */
const numbered = new Map<string, string>();
function toPostgres(text: string): string {
  let out = numbered.get(text);
  if (out === undefined) {
    let n = 0;
    out = text.replace(/\?/g, () => `$${++n}`);
    numbered.set(text, out);
  }
  return out;
}

/** node-postgres, a pool of the size Conduit's adapter uses. */
export function openBarePostgres(url: string, poolSize = 10): BareDb {
  // Prisma stores timestamp(3) without a zone, in UTC.
  pg.types.setTypeParser(1114, (value) => new Date(`${value.replace(" ", "T")}Z`));
  pg.types.setTypeParser(20, (value) => Number(value));
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const query = async (client: pg.Pool | pg.PoolClient, text: string, params: unknown[] = []) =>
    (await client.query({ text: toPostgres(text), values: params })).rows as Row[];
  return {
    provider: "postgresql",
    all: (text, params) => query(pool, text, params),
    async tx(work) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const value = await work((text, params) => query(client, text, params));
        await client.query("COMMIT");
        return value;
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
