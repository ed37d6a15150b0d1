import { connect, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { useServer } from "./harness.ts";
import { sleep } from "@conduit/db/testing";

/** When the promise settled (a performance.now() time), or Infinity if it took longer than `ms`. */
const settledWithin = (closed: Promise<number>, ms: number) => Promise.race([closed, sleep(ms).then(() => Infinity)]);

/** A listening server on 127.0.0.1 with short timeouts and a small connection cap. */
function useListeningServer(env: Record<string, string>) {
  return useServer("sqlite", {
    env: { NODE_ENV: "production", COOKIE_SECRET: "edge-responses-test-cookie-secret-0123", LOG_LEVEL: "warn", ...env },
    authRateLimits: { perIp: 1000, perAccount: 2, windowSeconds: 4 },
    listen: true,
  });
}

/** Opens a raw connection, writes `head`, and collects what comes back until the server closes it. */
function rawConnection(port: number, head: string) {
  const socket = connect(port, "127.0.0.1");
  socket.write(head);
  let received = "";
  socket.on("data", (d) => (received += d));
  socket.on("error", () => {});
  const closed = new Promise<number>((resolve) => socket.on("close", () => resolve(performance.now())));
  return { socket, closed, received: () => received };
}

const securityHeaderNames = ["x-content-type-options", "content-security-policy", "x-frame-options", "strict-transport-security"];

describe("responses the framework and Node's HTTP parser write", () => {
  const server = useListeningServer({ HTTP_HEADERS_TIMEOUT_MS: "1000", HTTP_REQUEST_TIMEOUT_MS: "1500", HTTP_MAX_CONNECTIONS: "300" });

  it("answers a bad percent-encoding 400, an over-long path segment 414 and oversized headers 431, in the API's error shape with the security headers", async () => {
    const cases = [
      [`/api/profiles/%ff`, 400, { url: ["is not a valid URL (bad percent-encoding)"] }],
      [`/api/profiles/${"a".repeat(600)}`, 414, { url: ["has a path segment that is too long"] }],
      [`/api/articles?tag=${"x".repeat(100_000)}`, 431, { headers: ["are too large"] }],
    ] as const;
    for (const [path, status, errors] of cases) {
      const res = await fetch(`${server.base}${path}`);
      expect([res.status, res.headers.get("content-type"), await res.json()]).toEqual([
        status,
        "application/json; charset=utf-8",
        { errors },
      ]);
      for (const name of securityHeaderNames) expect(res.headers.get(name), `${name} on ${status}`).toBeTruthy();
    }
    // A client's mistake, not the server's: nothing at error level in the log.
    expect(server.logs.filter((line) => JSON.parse(line).level >= 50)).toEqual([]);
  });

  it("answers bytes that are not HTTP with 400 in the API's error shape, and closes the connection", async () => {
    const garbage = rawConnection(server.port, "HELLO THERE\r\n\r\n");
    await settledWithin(garbage.closed, 3_000);
    garbage.socket.destroy();
    expect(garbage.received()).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(garbage.received().toLowerCase()).toContain("content-type: application/json; charset=utf-8");
    expect(garbage.received()).toContain(`content-length: ${Buffer.byteLength('{"errors":{"request":["is not valid HTTP"]}}')}`);
    expect(garbage.received()).toMatch(/\r\n\r\n\{"errors":\{"request":\["is not valid HTTP"\]\}\}$/);
  });

  it("answers a body sent too slowly with 408 within the request timeout, and closes the connection", async () => {
    const started = performance.now();
    const slow = rawConnection(
      server.port,
      "POST /api/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{",
    );
    const drip = setInterval(() => slow.socket.writable && slow.socket.write(" "), 200);
    const closedAt = await settledWithin(slow.closed, 6_000);
    clearInterval(drip);
    slow.socket.destroy();
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(slow.received()).toContain('{"errors":{"request":["took too long to arrive"]}}');
    expect(slow.received().toLowerCase()).toContain("x-content-type-options: nosniff");
    expect(closedAt - started).toBeLessThan(1500 + 2500);
  });

  it("closes 200 connections that trickle their headers after the headers timeout, serving other clients meanwhile", async () => {
    const started = performance.now();
    const loris = Array.from({ length: 200 }, () => rawConnection(server.port, "GET /api/tags HTTP/1.1\r\nHost: x\r\n"));
    const trickle = setInterval(() => loris.forEach((l, i) => l.socket.writable && l.socket.write(`X-${i}: y\r\n`)), 300);
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await fetch(`${server.base}/health`)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200]);
      const closedAt = await Promise.all(loris.map((l) => settledWithin(l.closed, 6_000)));
      expect(Math.max(...closedAt) - started).toBeLessThan(1000 + 2500);
    } finally {
      clearInterval(trickle);
      loris.forEach((l) => l.socket.destroy());
    }
  });
});

describe("the connection cap", () => {
  const server = useListeningServer({ HTTP_MAX_CONNECTIONS: "20" });

  it("closes connections beyond the cap at once and serves again when some close", async () => {
    const held: Socket[] = [];
    for (let i = 0; i < 20; i++) {
      const socket = connect(server.port, "127.0.0.1");
      await new Promise((r) => socket.once("connect", r));
      held.push(socket);
    }
    await sleep(50);
    const refused = rawConnection(server.port, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(await settledWithin(refused.closed, 3_000)).toBeLessThan(Infinity);
    expect(refused.received()).toBe("");
    refused.socket.destroy();
    held.forEach((s) => s.destroy());
    await sleep(50);
    expect((await fetch(`${server.base}/health`)).status).toBe(200);
  });
});

describe("Retry-After on a refused log-in", () => {
  const server = useListeningServer({});
  const restLogin = (email: string) =>
    fetch(`${server.base}/api/users/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user: { email, password: "wrong-password" } }),
    });
  const trpcLogin = (email: string) =>
    fetch(`${server.base}/trpc/users.login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: "wrong-password" }),
    });

  it.each([
    ["REST", restLogin],
    ["tRPC", trpcLogin],
  ] as const)("says on %s how long is left of the window, and a retry after that long is heard", async (surface, login) => {
    const email = `${surface.toLowerCase()}@example.test`;
    expect([(await login(email)).status, (await login(email)).status]).toEqual([401, 401]);
    await sleep(1_500);
    const refused = await login(email);
    expect(refused.status).toBe(429);
    // 4 s window, 1.5 s spent: 2.5 s left, rounded up.
    expect(refused.headers.get("retry-after")).toBe("3");
    await sleep(Number(refused.headers.get("retry-after")) * 1000);
    expect((await login(email)).status).toBe(401);
  });
});
