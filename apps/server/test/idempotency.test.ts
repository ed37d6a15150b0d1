import { connect } from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { testProviders, sleep } from "@conduit/db/testing";
import { sessionCookieName } from "@conduit/auth";
import { useServer } from "./harness.ts";

describe.each(await testProviders())("Idempotency-Key on writes, on %s", (provider) => {
  const server = useServer(provider);
  let token = "";
  let userId = 0;
  beforeAll(async () => {
    token = await server.register("retrier");
    userId = (await server.db.user.findUniqueOrThrow({ where: { username: "retrier" } })).id;
  });
  const create = (key: string | null, title = "Posted once", as = token) =>
    server.app.inject({
      method: "POST",
      url: "/api/articles",
      headers: { authorization: `Token ${as}`, ...(key === null ? {} : { "idempotency-key": key }) },
      payload: { article: { title, description: "d", body: "b" } },
    });
  const articles = (title: string) => server.db.article.count({ where: { title } });

  it("runs the first request and answers its retry with the same status and body, without running it again", async () => {
    const first = await create("create-1", "Posted once");
    const retry = await create("create-1", "Posted once");
    expect(first.statusCode).toBe(201);
    expect([retry.statusCode, retry.body, retry.headers["idempotent-replayed"]]).toEqual([201, first.body, "true"]);
    expect(first.headers["idempotent-replayed"]).toBeUndefined();
    expect(await articles("Posted once")).toBe(1);
    // Without a key, the same request is a new article each time.
    await create(null, "Posted twice");
    await create(null, "Posted twice");
    expect(await articles("Posted twice")).toBe(2);
  });

  it("refuses the same key with a different request with 422, and accepts the key as a quoted string too", async () => {
    expect((await create('"create-2"', "First use")).statusCode).toBe(201);
    const other = await create("create-2", "Another article");
    expect([other.statusCode, other.json()]).toEqual([
      422,
      { errors: { "idempotency-key": ["was already used with a different request"] } },
    ]);
    expect(await articles("Another article")).toBe(0);
  });

  it("answers a retry while the first request still runs with 409 and Retry-After, and one of two at once runs", async () => {
    await server.db.idempotencyKey.create({
      data: {
        userId,
        key: "in-flight",
        fingerprint: "x",
        lockedUntil: new Date(Date.now() + 30_000),
        expiresAt: new Date(Date.now() + 60_000),
      },
    });
    const running = await server.app.inject({
      method: "DELETE",
      url: "/api/articles/whatever",
      headers: { authorization: `Token ${token}`, "idempotency-key": "in-flight" },
    });
    expect(running.statusCode).toBe(422); // a different request: the fingerprint says so first
    await server.db.idempotencyKey.updateMany({
      where: { key: "in-flight" },
      data: { fingerprint: (await server.db.idempotencyKey.findFirstOrThrow({ where: { key: "create-1" } })).fingerprint },
    });
    const busy = await server.app.inject({
      method: "POST",
      url: "/api/articles",
      headers: { authorization: `Token ${token}`, "idempotency-key": "in-flight" },
      payload: { article: { title: "Posted once", description: "d", body: "b" } },
    });
    expect([busy.statusCode, busy.json().errors["idempotency-key"][0]]).toEqual([409, "is in use by a request still running; retry later"]);
    expect(Number(busy.headers["retry-after"])).toBeGreaterThan(20);

    const together = await Promise.all([create("together", "Sent together"), create("together", "Sent together")]);
    expect(together.map((r) => r.statusCode).sort()).toEqual(expect.arrayContaining([201]));
    for (const res of together) expect([201, 409]).toContain(res.statusCode);
    expect(await articles("Sent together")).toBe(1);
  });

  it("keeps keys per user, forgets them after they expire, and frees a key whose request failed having changed nothing", async () => {
    const other = await server.register("other-retrier");
    expect((await create("shared-key", "Mine", token)).statusCode).toBe(201);
    expect((await create("shared-key", "Theirs", other)).statusCode).toBe(201);

    await server.db.idempotencyKey.updateMany({ where: { key: "shared-key" }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect((await create("shared-key", "Mine", token)).headers["idempotent-replayed"]).toBeUndefined();
    expect(await articles("Mine")).toBe(2);

    const missing = await server.app.inject({
      method: "DELETE",
      url: "/api/articles/not-there",
      headers: { authorization: `Token ${token}`, "idempotency-key": "failed-once" },
    });
    expect(missing.statusCode).toBe(404);
    expect(await server.db.idempotencyKey.count({ where: { key: "failed-once" } })).toBe(0);
  });

  it("is documented on every signed-in write of the OpenAPI document", async () => {
    const doc = (await server.app.inject({ url: "/api/openapi.json" })).json();
    const named = (op: { parameters: { name: string }[] }) => op.parameters.some((p) => p.name === "Idempotency-Key");
    expect([
      named(doc.paths["/api/articles"].post),
      named(doc.paths["/api/articles/{slug}"].delete),
      named(doc.paths["/api/articles"].get),
    ]).toEqual([true, true, false]);
  });

  it("refuses a malformed key with 400 and ignores the header on reads and without a session", async () => {
    const tooLong = await create("k".repeat(256));
    expect([tooLong.statusCode, tooLong.json()]).toEqual([
      400,
      { errors: { "idempotency-key": ["must be 1 to 255 visible ASCII characters"] } },
    ]);
    expect((await create("has space")).statusCode).toBe(400);
    expect((await server.app.inject({ url: "/api/tags", headers: { "idempotency-key": "read" } })).statusCode).toBe(200);
    const anonymous = await server.app.inject({
      method: "POST",
      url: "/api/articles",
      headers: { "idempotency-key": "anon" },
      payload: { article: { title: "x", description: "d", body: "b" } },
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it("works on tRPC mutations too, with tRPC's error shape for a reused key", async () => {
    const slug = (await create("for-comments", "Commented once")).json().article.slug as string;
    const comment = (body: string) =>
      server.app.inject({
        method: "POST",
        url: "/trpc/comments.add",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": "comment-1" },
        payload: JSON.stringify({ slug, body }),
      });
    const first = await comment("only once");
    const retry = await comment("only once");
    expect([first.statusCode, retry.statusCode, retry.body]).toEqual([200, 200, first.body]);
    expect(await server.db.comment.count({ where: { body: "only once" } })).toBe(1);
    const reused = await comment("something else");
    expect([reused.statusCode, reused.json().error.data.code]).toEqual([422, "UNPROCESSABLE_CONTENT"]);
  });

  it("renews the session cookie of a keyed write made from the web app, as any other call does", async () => {
    // An hour after the session was last seen, a call renews it and sends the later expiry.
    await server.db.session.updateMany({ where: { userId }, data: { lastVerifiedAt: new Date(Date.now() - 2 * 60 * 60 * 1000) } });
    const res = await server.app.inject({
      method: "POST",
      url: "/trpc/users.update",
      headers: { "content-type": "application/json", "idempotency-key": "renewing-write" },
      cookies: { [sessionCookieName]: token },
      payload: JSON.stringify({ bio: "renewed" }),
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === sessionCookieName);
    expect(cookie?.value).toBe(token);
    expect(cookie?.expires?.getTime()).toBeGreaterThan(Date.now() + 9 * 24 * 60 * 60 * 1000);
  });

  it("answers a retry whose first request committed but died before answering with 409, never running it twice", async () => {
    const fingerprint = (await server.db.idempotencyKey.findFirstOrThrow({ where: { key: "create-1" } })).fingerprint;
    await server.db.idempotencyKey.create({
      data: {
        userId,
        key: "lost",
        fingerprint,
        committed: true,
        lockedUntil: new Date(Date.now() - 1),
        expiresAt: new Date(Date.now() + 60_000),
      },
    });
    const lost = await create("lost", "Posted once");
    expect(lost.statusCode).toBe(409);
    expect(await articles("Posted once")).toBe(1);
    // Had it not committed, its lease over, the retry runs: the first did nothing.
    await server.db.idempotencyKey.create({
      data: { userId, key: "abandoned", fingerprint, lockedUntil: new Date(Date.now() - 1), expiresAt: new Date(Date.now() + 60_000) },
    });
    expect((await create("abandoned", "Posted once")).statusCode).toBe(201);
    expect(await articles("Posted once")).toBe(2);
  });
});

/**
 * The case the header exists for: the server commits, the answer never arrives (here the client
 * destroys its socket once the row is there), and the client retries with its key, on PostgreSQL
 * through another instance.
 */
describe.each(await testProviders())("a create whose answer was cut, retried with its key, on %s", (provider) => {
  const server = useServer(provider, { instances: 2, listen: true });
  const bases = () => server.instances.map((instance) => instance.base);

  it("leaves exactly one article, and the retry gets the first answer", async () => {
    const register = await fetch(`${bases()[0]}/api/users`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user: { username: "cut", email: "cut@example.test", password: "password123" } }),
    });
    const { token } = ((await register.json()) as { user: { token: string } }).user;
    const body = JSON.stringify({ article: { title: "Cut off", description: "d", body: "b" } });
    const headers = { authorization: `Token ${token}`, "content-type": "application/json", "idempotency-key": "cut-create-1" };

    const { port } = new URL(bases()[0]!);
    const socket = connect(Number(port), "127.0.0.1");
    socket.on("error", () => undefined);
    socket.write(
      `POST /api/articles HTTP/1.1\r\nhost: 127.0.0.1\r\n${Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join("")}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    for (let i = 0; i < 200 && (await server.db.article.count({ where: { title: "Cut off" } })) === 0; i++) await sleep(5);
    socket.destroy();
    expect(await server.db.article.count({ where: { title: "Cut off" } })).toBe(1);

    let retry: Response;
    for (let attempt = 0; ; attempt++) {
      retry = await fetch(`${bases().at(-1)}/api/articles`, { method: "POST", headers, body });
      if (retry.status !== 409 || attempt > 50) break;
      await sleep(100);
    }
    expect([retry.status, retry.headers.get("idempotent-replayed")]).toEqual([201, "true"]);
    expect(((await retry.json()) as { article: { title: string } }).article.title).toBe("Cut off");
    expect(await server.db.article.count({ where: { title: "Cut off" } })).toBe(1);
  });
});
