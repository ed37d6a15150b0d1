import { describe, expect, it } from "vitest";
import { testProviders } from "@conduit/db/testing";
import { useServer } from "./harness.ts";

describe.each(await testProviders())("HTTP behaviour on %s", (provider) => {
  const server = useServer(provider, { authRateLimits: { perIp: 1000, perAccount: 4, windowSeconds: 60 } });

  it("answers malformed JSON with 400, a wrong content type with 415 and an oversized body with 413, as JSON", async () => {
    const bad = await server.app.inject({
      method: "POST",
      url: "/api/users",
      headers: { "content-type": "application/json" },
      payload: "{not json",
    });
    expect([bad.statusCode, bad.json()]).toEqual([400, { errors: { body: ["is not valid JSON"] } }]);
    const xml = await server.app.inject({
      method: "POST",
      url: "/api/users",
      headers: { "content-type": "application/xml" },
      payload: "<user/>",
    });
    expect([xml.statusCode, xml.json()]).toEqual([415, { errors: { "content-type": ["is not supported: send application/json"] } }]);
    const huge = await server.app.inject({
      method: "POST",
      url: "/api/users",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ user: { bio: "x".repeat(2 * 1024 * 1024) } }),
    });
    expect([huge.statusCode, huge.json()]).toEqual([413, { errors: { body: ["is too large"] } }]);
  });

  it("says what is wrong with a body it cannot read: empty JSON, or shorter than its Content-Length", async () => {
    const empty = await server.app.inject({
      method: "POST",
      url: "/nowhere",
      headers: { "content-type": "application/json" },
      payload: "",
    });
    expect([empty.statusCode, empty.json()]).toEqual([400, { errors: { body: ["is empty"] } }]);
    for (const url of ["/api/users", "/trpc/users.login"]) {
      const short = await server.app.inject({
        method: "POST",
        url,
        headers: { "content-type": "application/json", "content-length": "10" },
        payload: "{}",
      });
      expect([short.statusCode, short.json()]).toEqual([400, { errors: { "content-length": ["does not match the body"] } }]);
    }
  });

  it("answers unknown routes and methods with a JSON 404 that names the method and path, not the query", async () => {
    for (const [method, url, named] of [
      ["GET", "/api/nope?token=secret", "GET /api/nope"],
      ["PATCH", "/api/articles", "PATCH /api/articles"],
      ["GET", "/nowhere", "GET /nowhere"],
    ] as const) {
      const res = await server.app.inject({ method, url, headers: { accept: "text/html" } });
      expect([res.statusCode, res.json()]).toEqual([404, { errors: { route: [`${named} not found`] } }]);
    }
  });

  it("returns the request id it was given, or a new one, on every response", async () => {
    expect((await server.app.inject({ url: "/health", headers: { "x-request-id": "trace-123" } })).headers["x-request-id"]).toBe(
      "trace-123",
    );
    const generated = (await server.app.inject({ url: "/health", headers: { "x-request-id": "bad id with spaces" } })).headers[
      "x-request-id"
    ];
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("reports liveness on /health and database reachability on /ready", async () => {
    expect((await server.app.inject({ url: "/health" })).json()).toEqual({ status: "ok" });
    expect((await server.app.inject({ url: "/ready" })).json()).toEqual({ status: "ok" });
  });

  it("sends security headers", async () => {
    const res = await server.app.inject({ url: "/health" });
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["content-security-policy"]).toContain("script-src 'self'");
  });

  it("allows CORS only for configured origins", async () => {
    const pre = (origin: string) =>
      server.app.inject({ method: "OPTIONS", url: "/api/tags", headers: { origin, "access-control-request-method": "GET" } });
    expect((await pre("http://allowed.test")).headers["access-control-allow-origin"]).toBe("http://allowed.test");
    expect((await pre("http://evil.test")).headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("lets an allowed origin's page send every method and header the API uses, and remember that for 10 minutes", async () => {
    for (const method of ["PUT", "DELETE", "POST"]) {
      const res = await server.app.inject({
        method: "OPTIONS",
        url: "/api/articles/some-slug",
        headers: {
          origin: "http://allowed.test",
          "access-control-request-method": method,
          "access-control-request-headers": "authorization,content-type,idempotency-key",
        },
      });
      expect(res.statusCode).toBe(204);
      expect(res.headers["access-control-allow-methods"]?.split(/, ?/)).toEqual(["GET", "HEAD", "POST", "PUT", "DELETE"]);
      expect(res.headers["access-control-allow-headers"]?.toLowerCase().split(/, ?/)).toEqual(
        expect.arrayContaining(["authorization", "content-type", "idempotency-key", "trpc-accept"]),
      );
      expect(res.headers["access-control-max-age"]).toBe("600");
    }
    const answer = await server.app.inject({ url: "/api/tags", headers: { origin: "http://allowed.test" } });
    expect(answer.headers["access-control-expose-headers"]).toContain("Retry-After");
  });

  it("reaches the same route with a trailing slash: the list is the list, a new article is created", async () => {
    const token = await server.register("slashed");
    const created = await server.app.inject({
      method: "POST",
      url: "/api/articles/",
      headers: { authorization: `Token ${token}` },
      payload: { article: { title: "Slashed", description: "d", body: "b" } },
    });
    expect(created.statusCode).toBe(201);
    const list = await server.app.inject({ url: "/api/articles/?author=slashed" });
    expect(list.json()).toMatchObject({ articlesCount: 1, articles: [{ title: "Slashed" }] });
    expect((await server.app.inject({ url: "/api/tags/" })).statusCode).toBe(200);
    expect((await server.app.inject({ url: `/api/articles/${created.json().article.slug}/` })).json().article.title).toBe("Slashed");
  });

  it("rate-limits failed log-ins on one account with 429, however its address is written, not counting its registration", async () => {
    await server.register("limited");
    const attempt = (email: string) =>
      server.app.inject({ method: "POST", url: "/api/users/login", payload: { user: { email, password: "wrong-password" } } });
    const statuses = [];
    for (const email of ["limited@example.test", "LIMITED@example.test", " Limited@Example.test ", "limited@EXAMPLE.test"])
      statuses.push((await attempt(email)).statusCode);
    const limited = await attempt("limited@example.test");
    expect([...statuses, limited.statusCode]).toEqual([401, 401, 401, 401, 429]);
    expect(limited.json().errors.body).toEqual([`too many attempts, try again in ${limited.headers["retry-after"]} s`]);
  });

  it("answers a tRPC batch as one JSON document with its length, security headers and request id", async () => {
    const res = await server.app.inject({
      url: `/trpc/tags.list,articles.list?batch=1&input=${encodeURIComponent(JSON.stringify({ 1: { limit: 1 } }))}`,
      headers: { "x-request-id": "batch-1" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(Number(res.headers["content-length"])).toBe(Buffer.byteLength(res.body));
    expect(res.headers).toMatchObject({ "x-request-id": "batch-1", "x-content-type-options": "nosniff" });
    const [tags, list] = res.json() as [{ result: { data: string[] } }, { result: { data: { articlesCount: number } } }];
    expect(Array.isArray(tags.result.data)).toBe(true);
    expect(typeof list.result.data.articlesCount).toBe("number");
  });

  it("refuses more tRPC calls in one batch than the limit", async () => {
    const calls = Array.from({ length: 11 }, () => "tags.list").join(",");
    const res = await server.app.inject({ url: `/trpc/${calls}?batch=1&input={}` });
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
  });
});
