import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { createDb, type DbHandle } from "@conduit/db";
import { createTestDatabase, testProviders, type TestDatabase } from "@conduit/db/testing";
import { buildServer } from "../src/server.ts";
import { loadConfig } from "../src/config.ts";

// Two servers, each with its own connection pool, stand for two instances behind a load balancer.
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

  it("refuses attempt L+1 on one account with 429 and Retry-After, wherever the first L went", async () => {
    const attempt = (app: FastifyInstance) => app.inject({ method: "POST", url: "/api/users/login", payload: { user: { email: "target@example.test", password: "wrong-password" } } });
    const statuses = [];
    for (const app of [instances[0]!, instances[1]!, instances[0]!]) statuses.push((await attempt(app)).statusCode);
    const refused = await attempt(instances[1]!);
    expect([...statuses, refused.statusCode]).toEqual([401, 401, 401, 429]);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(55);
    expect(Number(refused.headers["retry-after"])).toBeLessThanOrEqual(60);
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
