import { describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { testProviders, sleep } from "@conduit/db/testing";
import { useServer } from "./harness.ts";

// On PostgreSQL two servers, each with its own connection pool, stand for two instances behind a
// load balancer; SQLite is one process.
describe.each(await testProviders())("log-in limits over HTTP on %s", (provider) => {
  const failuresAllowed = 4;
  const server = useServer(provider, { instances: 2, authRateLimits: { perIp: 1000, perAccount: failuresAllowed, windowSeconds: 3 } });
  let turn = 0;
  const next = () => server.instances[turn++ % server.instances.length]!.app;
  const logIn = (password: string) =>
    next().inject({ method: "POST", url: "/api/users/login", payload: { user: { email: "counted@example.test", password } } });

  it("allows exactly N failed log-ins after a sign-up and right passwords, refuses the next with 429, and means its Retry-After", async () => {
    const signUp = await next().inject({
      method: "POST",
      url: "/api/users",
      payload: { user: { username: "counted", email: "counted@example.test", password: "password123" } },
    });
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
  const server = useServer("postgresql", {
    instances: 2,
    env: { RATE_LIMIT_PER_MINUTE: "6" },
    authRateLimits: { perIp: 1000, perAccount: 3, windowSeconds: 60 },
  });
  const instances = () => server.instances.map((instance) => instance.app);

  it("refuses a client's request beyond the global per-IP limit, counting its requests on every instance", async () => {
    const get = (app: FastifyInstance) => app.inject({ url: "/api/tags", remoteAddress: "10.0.0.9" });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await get(instances()[i % 2]!)).statusCode);
    const refused = await get(instances()[0]!);
    expect([...statuses, refused.statusCode]).toEqual([200, 200, 200, 200, 200, 200, 429]);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(50);
    expect(Object.keys(refused.json())).toEqual(["errors"]);
  });
});
