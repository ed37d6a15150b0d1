import { afterAll, beforeAll } from "vitest";
import type { FastifyInstance } from "fastify";
import { createTestDatabase, type Provider, type TestDatabase } from "@conduit/db/testing";
import { buildServer, type ServerDeps } from "../src/server.ts";
import { loadConfig } from "../src/config.ts";

/** A built server (not listening) on a fresh database, for `app.inject`. */
export function useServer(provider: Provider, overrides: { env?: Record<string, string>; authRateLimits?: ServerDeps["authRateLimits"] } = {}) {
  const state = { app: undefined as unknown as FastifyInstance, database: undefined as unknown as TestDatabase, logs: [] as string[] };
  beforeAll(async () => {
    state.database = await createTestDatabase(provider);
    const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "info", ALLOWED_ORIGINS: "http://allowed.test", ...overrides.env });
    state.app = await buildServer({
      config,
      db: state.database.db,
      authRateLimits: overrides.authRateLimits ?? { perIp: 1000, perAccount: 1000, windowSeconds: 60 },
      logStream: { write: (line) => void state.logs.push(line) },
    });
    await state.app.ready();
  });
  afterAll(async () => {
    await state.app.close();
    await state.database.drop();
  });
  let n = 0;
  return {
    get app() {
      return state.app;
    },
    get db() {
      return state.database.db;
    },
    /** Every log line the server wrote, as JSON text. */
    get logs() {
      return state.logs;
    },
    /** Registers over REST and returns the token. */
    async register(name = `http${++n}`) {
      const res = await state.app.inject({ method: "POST", url: "/api/users", payload: { user: { username: name, email: `${name}@example.test`, password: "password123" } } });
      if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
      return res.json().user.token as string;
    },
  };
}
