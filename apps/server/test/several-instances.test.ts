import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testProviders, waitFor, type TestDatabase, sleep } from "@conduit/db/testing";
import {
  liveStreams,
  registerUser,
  startCluster,
  startSmtpServer,
  authenticatorCode,
  untilReady as ready,
  type Cluster,
  type LiveSubscription,
  type RealWorldUser,
} from "@conduit/testkit";

const loginLimit = 4;

// Three production server processes on one PostgreSQL database, behind a round-robin proxy that
// stands in for the load balancer: no sticky sessions, no shared memory, nothing but the database.
describe.skipIf(!(await testProviders()).includes("postgresql"))("three instances on one PostgreSQL", () => {
  let database: TestDatabase;
  let cluster: Cluster;
  let a: string, b: string, c: string;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const streams = liveStreams();
  beforeAll(async () => {
    database = await createTestDatabase("postgresql");
    smtp = await startSmtpServer();
    cluster = await startCluster(3, {
      SMTP_URL: smtp.url,
      // Production needs the key TOTP secrets are sealed with; every instance has the same one.
      TOTP_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64"),
      JOBS_POLL_INTERVAL_MS: "200",
      DATABASE_URL: database.url,
      NODE_ENV: "production",
      COOKIE_SECRET: "several-instances-test-cookie-secret-0",
      LOG_LEVEL: "warn",
      RATE_LIMIT_PER_MINUTE: "0",
      AUTH_RATE_LIMIT_PER_ACCOUNT: String(loginLimit),
    });
    [a, b, c] = cluster.instances.map((i) => i.base) as [string, string, string];
  });
  afterEach(() => streams.closeAll());
  afterAll(async () => {
    await cluster?.stop();
    await smtp?.close();
    await database?.drop();
  });

  const live = streams.open;
  let n = 0;
  const user = (via = a) => registerUser(via, `node${++n}`);
  const comment = (author: RealWorldUser, via: string, slug: string, body: string) =>
    author.call(via, "POST", `/articles/${slug}/comments`, { comment: { body } });
  /** A new article's page open through the proxy; which instance holds its stream, and another to write through. */
  async function articlePageThroughProxy(title: string) {
    const author = await user();
    const { body } = await author.call(a, "POST", "/articles", { article: { title, description: "d", body: "b" } });
    const slug = body.article.slug as string;
    const page = live(cluster.base, { article: slug });
    await ready(page);
    const [holder] = cluster.proxy.streamPorts();
    const holding = cluster.instanceOn(holder!);
    return { author, slug, page, holder: holder!, holding, writeVia: cluster.instances.find((i) => i !== holding)!.base };
  }
  const ids = (s: LiveSubscription) => s.events.map((e) => Number(e.id));
  const expectOnceInOrder = (s: LiveSubscription) => {
    expect(ids(s)).toEqual([...ids(s)].sort((x, y) => x - y));
    expect(new Set(ids(s)).size).toBe(s.events.length);
  };

  it("delivers to a subscriber on A every event written through B and C, exactly once and in order", async () => {
    const [writerB, writerC] = [await user(), await user()];
    const home = live(a);
    await ready(home);
    const written: string[] = [];
    await Promise.all(
      [
        [writerB, b],
        [writerC, c],
      ].map(async ([writer, via]) => {
        for (let i = 0; i < 10; i++) {
          const { body } = await (writer as RealWorldUser).call(via as string, "POST", "/articles", {
            article: { title: `Fan-out ${via} ${i}`, description: "d", body: "b" },
          });
          written.push(body.article.slug);
        }
      }),
    );
    await home.until(() => home.of("article.published").length >= 20);
    const inCommitOrder = (
      await database.db.event.findMany({ where: { kind: "article.published" }, orderBy: { id: "asc" }, select: { data: true } })
    ).map((e) => (JSON.parse(e.data) as { slug: string }).slug);
    expect(home.of("article.published").map((m) => m.slug)).toEqual(inCommitOrder.filter((slug) => written.includes(slug)));
    expect(home.of("article.published")).toHaveLength(20);
    expectOnceInOrder(home);
  });

  it("replays exactly the gap to a client that reconnects to another instance with its last id", async () => {
    const author = await user();
    const { body } = await author.call(a, "POST", "/articles", { article: { title: "Gap", description: "d", body: "b" } });
    const slug = body.article.slug as string;
    const first = live(a, { article: slug });
    await ready(first);
    const lastSeen = first.events.at(-1)!.id;
    first.close();
    for (let i = 0; i < 5; i++) await comment(author, b, slug, `missed ${i}`);
    const again = live(c, { article: slug, lastEventId: lastSeen });
    await again.until(() => again.of("comment.added").length >= 5);
    await sleep(200);
    expect(again.of("comment.added").map((m) => m.comment.body)).toEqual(["missed 0", "missed 1", "missed 2", "missed 3", "missed 4"]);
    expectOnceInOrder(again);
  });

  it("resumes through another instance, with no gap and no duplicate, when the one holding the stream is killed", async () => {
    const { author, slug, page, holder, holding: victim, writeVia } = await articlePageThroughProxy("Survivor");
    const bodies = Array.from({ length: 24 }, (_, i) => `comment ${i}`);
    const writing = (async () => {
      for (const [i, text] of bodies.entries()) {
        if (i === 8) victim.child.kill("SIGKILL");
        await comment(author, writeVia, slug, text);
        await sleep(40);
      }
    })();
    await writing;
    await page.until(() => page.of("comment.added").length >= bodies.length, 20_000);
    expect(page.of("comment.added").map((m) => m.comment.body)).toEqual(bodies);
    expectOnceInOrder(page);
    expect(page.connections).toBeGreaterThan(1);
    expect(cluster.proxy.streamPorts()).not.toContain(holder);
    // Back for the tests that follow.
    await cluster.restart(holder);
  });

  it("hands streams over at a graceful shutdown: the instance exits at once and its clients resume elsewhere", async () => {
    const { author, slug, page, holder, holding: leaving, writeVia } = await articlePageThroughProxy("Handover");
    await comment(author, writeVia, slug, "before");
    await page.until(() => page.of("comment.added").length === 1);
    const started = performance.now();
    leaving.child.kill("SIGTERM");
    for (const text of ["during 1", "during 2", "during 3"]) await comment(author, writeVia, slug, text);
    expect(await leaving.stop()).toBe(0);
    // Within the close's grace period (10 s) only if no stream held it open.
    expect(performance.now() - started).toBeLessThan(3_000);
    await page.until(() => page.of("comment.added").length >= 4, 15_000);
    expect(page.of("comment.added").map((m) => m.comment.body)).toEqual(["before", "during 1", "during 2", "during 3"]);
    expect(page.error).toBeNull();
    expectOnceInOrder(page);
    await cluster.restart(holder);
  });

  it("recovers delivery, and catches up, after every instance's LISTEN connection is terminated", async () => {
    const author = await user();
    const { body } = await author.call(a, "POST", "/articles", { article: { title: "Listen", description: "d", body: "b" } });
    const slug = body.article.slug as string;
    const page = live(a, { article: slug });
    await ready(page);
    const terminated = await database.db.$queryRawUnsafe<{ pid: number }[]>(
      "SELECT pg_terminate_backend(pid)::text AS pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'conduit-listen'",
    );
    expect(terminated.length).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < 5; i++) await comment(author, b, slug, `while reconnecting ${i}`);
    await page.until(() => page.of("comment.added").length >= 5, 15_000);
    expect(page.of("comment.added").map((m) => m.comment.body)).toEqual([0, 1, 2, 3, 4].map((i) => `while reconnecting ${i}`));
    // And live again afterwards: NOTIFY reaches A's new listening connection.
    const before = performance.now();
    await comment(author, c, slug, "after");
    await page.until(() => page.of("comment.added").length === 6);
    expect(performance.now() - before).toBeLessThan(2_000);
    expectOnceInOrder(page);
  });

  it("refuses log-in attempt L+1 with 429 and Retry-After when the first L were spread over A, B and C", async () => {
    const attempt = (base: string) =>
      fetch(`${base}/api/users/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ user: { email: "guessed@example.test", password: "wrong-password" } }),
      });
    const statuses = [];
    for (const base of [a, b, c, a].slice(0, loginLimit)) statuses.push((await attempt(base)).status);
    const refused = await attempt(b);
    expect([...statuses, refused.status]).toEqual([...Array(loginLimit).fill(401), 429]);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("answers a count read on A right after a write on B with the new count", async () => {
    const author = await user();
    const count = async () => ((await (await fetch(`${a}/api/articles?limit=1`)).json()) as { articlesCount: number }).articlesCount;
    const before = await count();
    expect(await count()).toBe(before); // now cached on A
    await author.call(b, "POST", "/articles", { article: { title: "Counted", description: "d", body: "b" } });
    expect(await count()).toBe(before + 1);
  });

  it("ends a stream open on A when its session logs out on B", async () => {
    const reader = await user();
    const stream = live(a, {}, { cookie: reader.cookie });
    await ready(stream);
    const logout = await fetch(`${b}/trpc/users.logout`, {
      method: "POST",
      headers: { authorization: `Token ${reader.token}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(logout.status).toBe(200);
    await expect(stream.until(() => false, 5_000)).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });
  });

  it("ends a banned account's stream on A and its sessions everywhere when a moderator bans it through B, and refuses its log-in on C", async () => {
    const offender = await user();
    const stream = live(a, {}, { cookie: offender.cookie });
    await ready(stream);
    const moderator = await user();
    await database.db.userRole.create({
      data: { user: { connect: { username: moderator.name } }, role: { connect: { name: "moderator" } } },
    });
    const ban = await fetch(`${b}/trpc/moderation.ban`, {
      method: "POST",
      headers: { authorization: `Token ${moderator.token}`, "content-type": "application/json" },
      body: JSON.stringify({ username: offender.name }),
    });
    expect(ban.status).toBe(200);
    await expect(stream.until(() => false, 5_000)).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });
    for (const via of [a, b, c]) expect((await offender.call(via, "GET", "/user")).status).toBe(401);
    const login = await fetch(`${c}/api/users/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user: { email: `${offender.name}@example.test`, password: "password123" } }),
    });
    expect(login.status).toBe(403);
    expect(await login.json()).toEqual({ errors: { account: ["is banned"] } });
  });

  /** A tRPC mutation through one instance, with a session token. */
  const mutate = (via: string, token: string | null, path: string, input: unknown = {}) =>
    fetch(`${via}/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Token ${token}` } : {}) },
      body: JSON.stringify(input),
    });
  const mailsTo = (address: string, subject: string) =>
    smtp.received.filter((m) => !Array.isArray(m.to) && m.to?.value[0]?.address === address && (m.subject ?? "").includes(subject));

  it("ends a session's stream on A when its user ends that session from a browser on B", async () => {
    const reader = await user();
    const stream = live(a, {}, { cookie: reader.cookie });
    await ready(stream);
    const laptop = await fetch(`${c}/api/users/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user: { email: `${reader.name}@example.test`, password: "password123" } }),
    });
    const laptopToken = ((await laptop.json()) as { user: { token: string } }).user.token;
    const sessions = (await (await fetch(`${b}/trpc/account.sessions`, { headers: { authorization: `Token ${laptopToken}` } })).json()) as {
      result: { data: { id: string; current: boolean }[] };
    };
    const readerSession = sessions.result.data.find((s) => !s.current)!;
    expect((await mutate(b, laptopToken, "account.endSession", { id: readerSession.id })).status).toBe(200);
    await expect(stream.until(() => false, 5_000)).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });
  });

  it("counts an emailed code's wrong guesses and its sends on every instance alike: the sixth guess and the fourth send are 429", async () => {
    const member = await user();
    const email = `${member.name}@example.test`;
    await waitFor(() => mailsTo(email, "Your Conduit code").length === 1);
    const guesses = await Promise.all([a, b, c, a, b].map((via) => mutate(via, member.token, "account.verifyEmail", { code: "00000000" })));
    expect(guesses.map((g) => g.status)).toEqual([400, 400, 400, 400, 400]);
    const code = /\b(\d{8})\b/.exec(mailsTo(email, "Your Conduit code")[0]!.text!)![1]!;
    const sixth = await mutate(c, member.token, "account.verifyEmail", { code });
    expect([sixth.status, Number(sixth.headers.get("retry-after")) > 0]).toEqual([429, true]);
    const sends = [];
    for (const via of [a, b, c, a]) sends.push((await mutate(via, member.token, "account.sendVerificationCode")).status);
    expect(sends).toEqual([200, 200, 200, 429]);
  });

  it("uses a reset link once when it reaches two instances at the same moment", async () => {
    const member = await user();
    const email = `${member.name}@example.test`;
    expect((await mutate(b, null, "account.requestPasswordReset", { email })).status).toBe(200);
    const [mail] = await waitFor(() => mailsTo(email, "Reset your").length === 1 && mailsTo(email, "Reset your"));
    const token = new URL(/(http\S+reset-password\S+)/.exec(mail!.text!)![1]!).searchParams.get("token")!;
    const uses = await Promise.all(
      [a, c].map((via, i) => mutate(via, null, "account.resetPassword", { token, password: `new-password-${i}` })),
    );
    expect(uses.map((u) => u.status).sort()).toEqual([200, 400]);
    expect((await member.call(b, "GET", "/user")).status).toBe(401);
  });

  /** A member with TOTP on, enabled through A and B; returns a sign-in through any instance with a code. */
  async function memberWithTotp() {
    const member = await user();
    const email = `${member.name}@example.test`;
    await mutate(a, member.token, "account.reauthenticate", { password: "password123" });
    const setup = (await (await mutate(a, member.token, "security.totpSetup")).json()) as { result: { data: { key: string } } };
    const code = (steps: number) => authenticatorCode(setup.result.data.key, steps);
    expect((await mutate(b, member.token, "security.totpEnable", { code: code(0) })).status).toBe(200);
    const login = (via: string, otp: string) =>
      fetch(`${via}/api/users/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ user: { email, password: "password123", otp } }),
      });
    return { code, login };
  }

  it("takes a TOTP code once across instances: one code sent to two at the same moment signs in once", async () => {
    const { code, login } = await memberWithTotp();
    const both = await Promise.all([login(a, code(1)), login(c, code(1))]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it("locks the second step on every instance after 5 wrong codes spread over them", async () => {
    const { code, login } = await memberWithTotp();
    for (const via of [a, b, c, a, b]) expect((await login(via, "000000")).status).toBe(401);
    // Even the right code is refused while locked.
    const locked = await login(c, code(1));
    expect([locked.status, Number(locked.headers.get("retry-after")) > 800]).toEqual([429, true]);
  });
});
