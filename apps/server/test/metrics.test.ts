import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { createTestDatabase, testProviders } from "@conduit/db/testing";
import { useServer } from "./harness.ts";
import { freePort, productionServerArgs, startServerProcess } from "@conduit/testkit";

/** The value of the sample of `name` whose labels include all of `labels`, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const line = text
    .split("\n")
    .find(
      (l) => (l.startsWith(`${name}{`) || l.startsWith(`${name} `)) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)),
    );
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(" ") + 1));
}

describe.each(await testProviders())("Prometheus metrics on %s", (provider) => {
  const server = useServer(provider, {
    env: { LOG_LEVEL: "silent", RATE_LIMIT_PER_MINUTE: "12" },
    authRateLimits: { perIp: 1000, perAccount: 1, windowSeconds: 60 },
    metrics: true,
  });
  let app: FastifyInstance;
  let endpoint: Server;
  let scrape: () => Promise<string>;
  beforeAll(async () => {
    app = server.app;
    endpoint = await server.metrics.serve("127.0.0.1", 0);
    const { port } = endpoint.address() as AddressInfo;
    scrape = async () => {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
      return res.text();
    };
  });
  afterAll(() => void endpoint.close());

  it("is served on its own listener only, not by the public server", async () => {
    expect((await app.inject({ url: "/metrics" })).statusCode).toBe(404);
  });

  it("counts requests by route template and procedures by surface, with no slug in any label", async () => {
    for (let i = 0; i < 3; i++) await app.inject({ url: "/api/articles?limit=2" });
    for (let i = 0; i < 2; i++) await app.inject({ url: `/trpc/articles.list?input=${encodeURIComponent(JSON.stringify({ limit: 2 }))}` });
    expect((await app.inject({ url: "/api/articles/no-such-slug-123" })).statusCode).toBe(404);
    const text = await scrape();
    expect(sample(text, "http_request_duration_seconds_count", { method: "GET", route: "/api/articles", status_code: "200" })).toBe(3);
    expect(sample(text, "http_request_duration_seconds_count", { route: "/api/articles/:slug", status_code: "404" })).toBe(1);
    expect(sample(text, "http_request_duration_seconds_count", { route: "unmatched", status_code: "404" })).toBe(1);
    expect(sample(text, "http_request_duration_seconds_count", { route: "/trpc/:path", status_code: "200" })).toBe(2);
    expect(
      sample(text, "conduit_procedure_duration_seconds_count", { procedure: "articles.list", type: "query", code: "OK", surface: "rest" }),
    ).toBe(3);
    expect(sample(text, "conduit_procedure_duration_seconds_count", { procedure: "articles.list", code: "OK", surface: "trpc" })).toBe(2);
    expect(
      sample(text, "conduit_procedure_duration_seconds_count", { procedure: "articles.get", code: "NOT_FOUND", surface: "rest" }),
    ).toBe(1);
    expect(text).not.toContain("no-such-slug-123");
    // In seconds: three in-process list requests take well under a second, not thousands.
    expect(sample(text, "http_request_duration_seconds_sum", { method: "GET", route: "/api/articles", status_code: "200" })).toBeLessThan(
      3,
    );
  });

  it("reports the process, the event loop and, on PostgreSQL, the connection pool", async () => {
    const text = await scrape();
    expect(sample(text, "process_resident_memory_bytes")).toBeGreaterThan(10_000_000);
    expect(sample(text, "process_cpu_user_seconds_total")).toBeGreaterThan(0);
    expect(sample(text, "nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);
    if (provider === "postgresql") expect(sample(text, "conduit_db_pool_connections", { state: "total" })).toBeGreaterThan(0);
    else expect(sample(text, "conduit_db_pool_connections")).toBeUndefined();
  });

  it("counts refusals by the log-in limit and by the global per-IP limit", async () => {
    const login = () =>
      app.inject({
        method: "POST",
        url: "/api/users/login",
        payload: { user: { email: "metrics@example.test", password: "wrong-password" } },
      });
    expect([(await login()).statusCode, (await login()).statusCode]).toEqual([401, 429]);
    const responses = [];
    for (let i = 0; i < 12; i++) responses.push(await app.inject({ url: "/api/tags" }));
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses).toContain(429);
    const refused = responses.find((r) => r.statusCode === 429)!;
    expect(refused.json()).toEqual({ errors: { rate: [`too many requests, retry in ${refused.headers["retry-after"]} s`] } });
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(50);
    const text = await scrape();
    expect(sample(text, "conduit_rate_limit_refusals_total", { limit: "auth" })).toBe(1);
    expect(sample(text, "conduit_rate_limit_refusals_total", { limit: "global" })).toBe(statuses.filter((s) => s === 429).length);
  });
});

describe("the production server with METRICS_PORT set", () => {
  it("serves /metrics on that port and the API on its own", async () => {
    const database = await createTestDatabase("sqlite");
    await database.close();
    const metricsPort = await freePort();
    const server = await startServerProcess(
      productionServerArgs(),
      {
        DATABASE_URL: database.url,
        NODE_ENV: "production",
        COOKIE_SECRET: "metrics-test-cookie-secret-0123456789ab",
        LOG_LEVEL: "warn",
        METRICS_PORT: String(metricsPort),
      },
      ["ignore", "ignore", "inherit"],
    );
    try {
      expect((await fetch(`${server.base}/api/tags`)).status).toBe(200);
      expect((await fetch(`${server.base}/metrics`)).status).toBe(404);
      const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      expect(sample(text, "http_request_duration_seconds_count", { route: "/api/tags", status_code: "200" })).toBe(1);
    } finally {
      await server.stop();
      await database.drop();
    }
  });
});
