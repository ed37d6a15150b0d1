import pg from "pg";
import { inProcessSignals, type ChangeSignals } from "./change-signals.ts";

/** The NOTIFY channel of change signals; SQL that signals inside a transaction names it too. */
export const changesChannel = "conduit_changes";

export interface PostgresSignalOptions {
  /** How often the listening connection proves it is alive (a dropped LISTEN is otherwise silent). */
  healthCheckMs?: number;
  /** Longest wait between reconnection attempts. */
  maxBackoffMs?: number;
}

/**
 * Signals over PostgreSQL's LISTEN/NOTIFY. Publishing is a `pg_notify` on the shared pool;
 * listening needs a connection of its own (a pooled one would go back to the pool), opened on the
 * first subscription only, so scripts that never listen never hold it. The listening connection
 * runs a health query every few seconds and is replaced when it fails or ends; listeners then
 * hear "*" because signals sent meanwhile are lost (NOTIFY has no replay).
 */
export function postgresSignals(
  url: string,
  pool: pg.Pool,
  { healthCheckMs = 5_000, maxBackoffMs = 5_000 }: PostgresSignalOptions = {},
): ChangeSignals {
  const local = inProcessSignals();
  let client: pg.Client | null = null;
  let started = false;
  let closed = false;
  let health: NodeJS.Timeout | undefined;
  let retry: NodeJS.Timeout | undefined;

  const drop = (dead: pg.Client) => {
    if (client !== dead) return;
    client = null;
    dead.removeAllListeners("notification");
    dead.end().catch(() => {});
    void local.publish("*");
    schedule(0);
  };

  const schedule = (attempt: number) => {
    if (closed) return;
    retry = setTimeout(() => void connect(attempt), Math.min(maxBackoffMs, 100 * 2 ** attempt));
    retry.unref();
  };

  const connect = async (attempt: number) => {
    if (closed) return;
    // Named, so that an operator (or a test) can find it in pg_stat_activity.
    const next = new pg.Client({ connectionString: url, application_name: "conduit-listen" });
    next.on("error", () => drop(next));
    next.on("end", () => drop(next));
    try {
      await next.connect();
      await next.query(`LISTEN ${changesChannel}`);
    } catch {
      next.removeAllListeners("end");
      next.end().catch(() => {});
      return schedule(attempt + 1);
    }
    if (closed) return void next.end().catch(() => {});
    next.on("notification", (message) => {
      if (message.channel === changesChannel && message.payload) void local.publish(message.payload);
    });
    client = next;
    // Whatever was signalled while nobody listened is unknown: say that anything may have changed.
    if (attempt > 0) void local.publish("*");
  };

  const start = () => {
    if (started) return;
    started = true;
    void connect(0);
    health = setInterval(() => {
      const current = client;
      if (!current) return;
      const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error("health check timed out")), 2_000).unref());
      Promise.race([current.query("SELECT 1"), timeout]).catch(() => drop(current));
    }, healthCheckMs);
    health.unref();
  };

  return {
    async publish(topic) {
      await local.publish(topic);
      await pool.query("SELECT pg_notify($1, $2)", [changesChannel, topic]);
    },
    wake: (topic) => local.wake(topic),
    subscribe(listener) {
      start();
      return local.subscribe(listener);
    },
    live: () => client !== null,
    async close() {
      closed = true;
      clearInterval(health);
      clearTimeout(retry);
      const current = client;
      client = null;
      await current?.end().catch(() => {});
      await local.close();
    },
  };
}
