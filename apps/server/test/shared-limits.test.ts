import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { createDb, type DbHandle } from "@conduit/db";
import { createTestDatabase, testProviders, type TestDatabase } from "@conduit/db/testing";
import { buildServer } from "../src/server.ts";
import { loadConfig } from "../src/config.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// On PostgreSQL two servers, each with its own connection pool, stand for two instances behind a
// load balancer; SQLite is one process.
describe.each(await testProviders())("log-in limits over HTTP on %s", (provider) => {
  let database: TestDatabase;
  const handles: DbHandle[] = [];
  const instances: FastifyInstance[] = [];
  const failuresAllowed = 4;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
    for (let i = 0; i < (provider === "postgresql" ? 2 : 1); i++) {
      const handle = provider === "postgresql" ? await createDb(database.url) : null;
      if (handle) handles.push(handle);
      instances.push(
        await buildServer({
          config: loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", DATABASE_URL: database.url }),
          db: handle?.db ?? database.db,
          authRateLimits: { perIp: 1000, perAccount: failuresAllowed, windowSeconds: 3 },
        }),
      );
    }
  });
  afterAll(async () => {
    await Promise.all(instances.map((app) => app.close()));
    await Promise.all(handles.map((h) => h.close()));
    await database.drop();
  });
  let turn = 0;
  const next = () => instances[turn++ % instances.length]!;
  const logIn = (password: string) => next().inject({ method: "POST", url: "/api/users/login", payload: { user: { email: "counted@example.test", password } } });

  it("allows exactly N failed log-ins after a sign-up and right passwords, refuses the next with 429, and means its Retry-After", async () => {
    const signUp = await next().inject({ method: "POST", url: "/api/users", payload: { user: { username: "counted", email: "counted@example.test", password: "password123" } } });
    expect(signUp.statusCode).toBe(201);
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await logIn("password123")).statusCode);
    for (let i = 0; i < failuresAllowed; i++) statuses.push((await logIn("wrong-password")).statusCode);
    const refused = await logIn("password123");
    expect([...statuses, refused.statusCode]).toEqual([...Array(6).fill(200), ...Array(failuresAllowed).fill(401), 429]);
    expect(refused.json()).toEqual({ errors: { body: [expect.stringMatching(/^too many attempts, try again in [1-3] s$/)] } });
    const retryAfter = Number(refused.headers["retry-after"]);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3);
    await sleep(retryAfter * 1000);
    expect((await logIn("password123")).statusCode).toBe(200);
  });
});

describe.skipIf(!(await testProviders()).includes("postgresql"))("limits across instances on one PostgreSQL", () => {
  let database: TestDatabase;
  const handles: DbHandle[] = [];
  const instances: FastifyInstance[] = [];
  beforeAll(async () => {
    database = await createTestDatabase("postgresql");
    for (let i = 0; i < 2; i++) {
      const handle = await createDb(database.url);
      handles.push(handle);
      const app = await buildServer({
        config: loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", DATABASE_URL: database.url, RATE_LIMIT_PER_MINUTE: "6" }),
        db: handle.db,
        authRateLimits: { perIp: 1000, perAccount: 3, windowSeconds: 60 },
      });
      instances.push(app);
    }
  });
  afterAll(async () => {
    await Promise.all(instances.map((app) => app.close()));
    await Promise.all(handles.map((h) => h.close()));
    await database.drop();
  });

  it("refuses a client's request beyond the global per-IP limit, counting its requests on every instance", async () => {
    const get = (app: FastifyInstance) => app.inject({ url: "/api/tags", remoteAddress: "10.0.0.9" });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await get(instances[i % 2]!)).statusCode);
    const refused = await get(instances[0]!);
    expect([...statuses, refused.statusCode]).toEqual([200, 200, 200, 200, 200, 200, 429]);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(50);
    expect(Object.keys(refused.json())).toEqual(["errors"]);
  });
});
