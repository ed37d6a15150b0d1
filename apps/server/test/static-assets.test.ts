import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { useServer } from "./harness.ts";

// A built web app as the build leaves it: each text file with .br and .gz copies beside it.
describe("the web app's static files", () => {
  const script = `console.log(${JSON.stringify("conduit ".repeat(200))});`;
  const dist = mkdtempSync(path.join(os.tmpdir(), "conduit-dist-"));
  beforeAll(() => {
    mkdirSync(path.join(dist, "assets"));
    for (const [file, text] of [
      ["index.html", "<!doctype html><title>Conduit</title>"],
      ["assets/app-abc123.js", script],
    ] as const) {
      writeFileSync(path.join(dist, file), text);
      writeFileSync(path.join(dist, `${file}.br`), brotliCompressSync(text));
      writeFileSync(path.join(dist, `${file}.gz`), gzipSync(text));
    }
  });
  afterAll(() => rmSync(dist, { recursive: true, force: true }));
  const server = useServer("sqlite", { env: { WEB_DIST: dist } });
  let app: FastifyInstance;
  beforeAll(() => void (app = server.app));

  it.each([
    ["br, gzip", "br"],
    ["gzip", "gzip"],
    ["identity", undefined],
  ])("sends a script precompressed for Accept-Encoding %s, long-cached", async (accept, encoding) => {
    const res = await app.inject({ url: "/assets/app-abc123.js", headers: { "accept-encoding": accept } });
    expect([res.statusCode, res.headers["content-encoding"]]).toEqual([200, encoding]);
    expect(res.headers["cache-control"]).toContain("immutable");
    const body =
      encoding === "br"
        ? (await import("node:zlib")).brotliDecompressSync(res.rawPayload).toString()
        : encoding === "gzip"
          ? (await import("node:zlib")).gunzipSync(res.rawPayload).toString()
          : res.body;
    expect(body).toBe(script);
  });

  it("moves a browser's page load at 127.0.0.1 to the same page at localhost, the name a server without PUBLIC_URL goes by", async () => {
    const load = (host: string, mode?: string) =>
      app.inject({ url: "/login?connect=test", headers: { host, accept: "text/html", ...(mode && { "sec-fetch-mode": mode }) } });
    const moved = await load("127.0.0.1:3000", "navigate");
    expect([moved.statusCode, moved.headers.location]).toEqual([302, "http://localhost:3000/login?connect=test"]);
    // At localhost it is the page; a script's request and the API's calls are never moved.
    expect((await load("localhost:3000", "navigate")).statusCode).toBe(200);
    expect((await load("127.0.0.1:3000", "cors")).statusCode).toBe(200);
    expect((await load("127.0.0.1:3000")).statusCode).toBe(200);
    // A path that looks like another site's address stays a path on localhost.
    for (const url of ["//evil.example/x", "/\\evil.example/x", "/%5Cevil.example/x"]) {
      const moved = await app.inject({ url, headers: { host: "127.0.0.1:3000", "sec-fetch-mode": "navigate" } });
      expect(new URL(moved.headers.location as string).origin).toBe("http://localhost:3000");
    }
  });

  it("answers a browser's reload of a client-side route with the page, and anything else with the API's 404", async () => {
    const page = (url: string, headers: Record<string, string> = { accept: "text/html" }, method: "GET" | "POST" = "GET") =>
      app.inject({ method, url, headers });
    expect((await page("/profile/someone/favorites")).body).toBe("<!doctype html><title>Conduit</title>");
    for (const res of [
      await page("/api/nope"),
      await page("/docs/nope"),
      await page("/trpc"),
      await page("/ready/now"),
      await page("/settings", { accept: "application/json" }),
      await page("/settings", {}, "POST"),
    ]) {
      expect([res.statusCode, Object.keys(res.json())]).toEqual([404, ["errors"]]);
    }
    // Only whole path segments are the API's: a client route that starts with the same letters is a page.
    expect((await page("/apiary")).statusCode).toBe(200);
    expect((await page("/healthcheck")).statusCode).toBe(200);
    expect((await page("/profile/api")).statusCode).toBe(200);
  });

  it.each(["/", "/article/some-client-route"])(
    "sends the page at %s compressed and never cached (it names the current build's assets)",
    async (url) => {
      const res = await app.inject({ url, headers: { "accept-encoding": "br", accept: "text/html" } });
      expect([res.statusCode, res.headers["content-encoding"], res.headers["cache-control"]]).toEqual([200, "br", "no-cache"]);
    },
  );
});

describe("a server whose web app is not built", () => {
  const server = useServer("sqlite", { env: { WEB_DIST: path.join(os.tmpdir(), "conduit-no-such-build") } });
  let app: FastifyInstance;
  beforeAll(() => void (app = server.app));

  it("says so in the log and answers / with the API's 404", async () => {
    const page = await app.inject({ url: "/", headers: { accept: "text/html" } });
    expect([page.statusCode, page.json()]).toEqual([404, { errors: { route: ["GET / not found"] } }]);
    expect(server.logs.map((line) => JSON.parse(line).msg)).toContain("web app not built: run pnpm build to serve it");
  });
});
