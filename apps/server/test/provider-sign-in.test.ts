import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { testProviders } from "@conduit/db/testing";
import { authenticatorCode, authorizeAtTestProvider, startFakeGitHub, startOidcProvider } from "@conduit/testkit";
import { sessionCookieName } from "@conduit/auth";
import { useServer } from "./harness.ts";

const publicUrl = "http://127.0.0.1:3000/";
const oidc = await startOidcProvider(`${publicUrl}auth/test/callback`);
const github = await startFakeGitHub();
afterAll(() => Promise.all([oidc.close(), github.close()]));

type Inject = Awaited<ReturnType<ReturnType<typeof useServer>["app"]["inject"]>>;

describe.each(await testProviders())("sign-in with an OpenID provider on %s", (provider) => {
  const server = useServer(provider, {
    env: {
      PUBLIC_URL: publicUrl,
      OIDC_PROVIDERS: JSON.stringify([
        { id: "test", name: "Test provider", issuer: oidc.issuer, clientId: oidc.clientId, clientSecret: oidc.clientSecret },
        { id: "github", name: "GitHub", kind: "github", clientId: "gh-client", clientSecret: "gh-secret", githubUrls: github.urls },
      ]),
    },
  });

  /** One browser: its cookies for this server, kept across requests. */
  function browser() {
    const cookies = new Map<string, string>();
    const keep = (res: Inject) => {
      for (const c of res.cookies) {
        if (c.value === "" || (c.expires && c.expires.getTime() < Date.now())) cookies.delete(c.name);
        else cookies.set(c.name, c.value);
      }
      return res;
    };
    const get = async (url: string) => keep(await server.app.inject({ method: "GET", url, cookies: Object.fromEntries(cookies) }));
    const rpc = async (path: string, input: unknown = {}, method: "GET" | "POST" = "POST") =>
      keep(
        await server.app.inject({
          method,
          url: `/trpc/${path}`,
          headers: { "content-type": "application/json", "sec-fetch-site": "same-origin" },
          cookies: Object.fromEntries(cookies),
          ...(method === "POST" ? { payload: JSON.stringify(input) } : {}),
        }),
      );
    return {
      cookies,
      get,
      rpc,
      whoami: async () =>
        ((await rpc("users.whoami", undefined, "GET")).json() as { result: { data: { username: string } | null } }).result.data,
      /** Starts a sign-in (or a connect), signs in at the provider as `subject`, and returns the app's callback path. */
      async atProvider(subject: string, intent = "sign-in") {
        const start = await get(`/auth/test/start?intent=${intent}`);
        expect(start.statusCode).toBe(302);
        const back = new URL(await authorizeAtTestProvider(start.headers.location as string, subject));
        return `${back.pathname}${back.search}`;
      },
      async signIn(subject: string, intent = "sign-in") {
        return get(await this.atProvider(subject, intent));
      },
    };
  }
  let n = 0;
  const subject = (account: Parameters<typeof oidc.setAccount>[1]) => {
    const sub = `${provider}-subject-${++n}`;
    oidc.setAccount(sub, account);
    return sub;
  };
  async function register(name: string) {
    const res = await server.app.inject({
      method: "POST",
      url: "/api/users",
      payload: { user: { username: name, email: `${name}@example.test`, password: "password123" } },
    });
    return res.json().user.token as string;
  }

  it("signs up a new subject with the provider's username and verified address, and signs the known one in again", async () => {
    const sub = subject({ email: "newcomer-oidc@example.test", email_verified: true, preferred_username: `oidc-newcomer-${provider}` });
    const first = browser();
    const res = await first.signIn(sub);
    expect([res.statusCode, res.headers.location]).toEqual([302, publicUrl]);
    expect(await first.whoami()).toMatchObject({ username: `oidc-newcomer-${provider}`, emailVerified: true });
    const user = await server.db.user.findUniqueOrThrow({ where: { email: "newcomer-oidc@example.test" }, include: { connections: true } });
    expect([user.hasPassword, user.connections.map((c) => [c.provider, c.subject])]).toEqual([false, [["test", sub]]]);

    const again = browser();
    await again.signIn(sub);
    expect(await again.whoami()).toMatchObject({ username: `oidc-newcomer-${provider}` });
    expect(await server.db.user.count({ where: { email: "newcomer-oidc@example.test" } })).toBe(1);
    expect(await server.db.auditEvent.count({ where: { action: "session.provider_sign_in", actorId: user.id } })).toBe(1);
  });

  it("answers 400 with no session when the state is missing, does not match, or the callback comes twice; a replayed code and a wrong nonce fail", async () => {
    const sub = subject({ email: `state-${provider}@example.test`, email_verified: true });
    const noSession = (b: ReturnType<typeof browser>) => expect(b.cookies.has(sessionCookieName)).toBe(false);

    const missing = browser();
    const callback = await missing.atProvider(sub);
    missing.cookies.delete("conduit_oidc_state");
    expect((await missing.get(callback)).statusCode).toBe(400);
    noSession(missing);

    const mismatched = browser();
    const other = await mismatched.atProvider(sub);
    expect((await mismatched.get(other.replace(/state=[^&]+/, "state=not-the-state"))).statusCode).toBe(400);
    noSession(mismatched);

    // The same callback twice: the first uses the cookies up; a client that keeps and resends them
    // still fails, because the provider takes a code once.
    const replay = browser();
    const url = await replay.atProvider(sub);
    const saved = new Map(replay.cookies);
    expect((await replay.get(url)).statusCode).toBe(302);
    expect((await replay.get(url)).statusCode).toBe(400);
    const thief = browser();
    for (const [name, value] of saved) if (name !== sessionCookieName) thief.cookies.set(name, value);
    expect((await thief.get(url)).statusCode).toBe(400);
    noSession(thief);

    const nonce = browser();
    const withNonce = await nonce.atProvider(sub);
    nonce.cookies.set("conduit_oidc_nonce", "not-the-nonce");
    expect((await nonce.get(withNonce)).statusCode).toBe(400);
    noSession(nonce);
  });

  it("refuses to link an existing account's address the provider has not verified", async () => {
    await register(`unverified-${provider}`);
    const sub = subject({ email: `unverified-${provider}@example.test`, email_verified: false });
    const b = browser();
    const res = await b.signIn(sub);
    expect(res.headers.location).toBe(`${publicUrl}login?provider-error=email-unverified`);
    expect(await b.whoami()).toBeNull();
    expect(await server.db.connection.count({ where: { subject: sub } })).toBe(0);
  });

  it("links a verified address to its existing account only once the person signs in to that account in the same browser", async () => {
    const name = `linker-${provider}`;
    await register(name);
    await register(`bystander-${provider}`);
    const sub = subject({ email: `${name}@example.test`, email_verified: true });
    const b = browser();
    const res = await b.signIn(sub);
    expect(res.headers.location).toBe(`${publicUrl}login?connect=test`);
    expect(await b.whoami()).toBeNull();
    expect(((await b.rpc("connections.pending", undefined, "GET")).json() as { result: { data: unknown } }).result.data).toMatchObject({
      purpose: "link",
      provider: "test",
    });
    // Someone else's sign-in in this browser does not take the link.
    await b.rpc("users.login", { email: `bystander-${provider}@example.test`, password: "password123" });
    expect((await b.rpc("connections.confirmLink")).statusCode).toBe(403);
    await b.rpc("users.logout");
    await b.rpc("users.login", { email: `${name}@example.test`, password: "password123" });
    expect((await b.rpc("connections.confirmLink")).statusCode).toBe(200);
    const later = browser();
    await later.signIn(sub);
    expect(await later.whoami()).toMatchObject({ username: name });
  });

  it("connects a provider to the signed-in account from settings, audited, after which it signs that account in", async () => {
    await register(`connector-${provider}`);
    const b = browser();
    await b.rpc("users.login", { email: `connector-${provider}@example.test`, password: "password123" });
    const sub = subject({ email: `someone-else-${provider}@example.test`, email_verified: false });
    const res = await b.signIn(sub, "connect");
    expect(res.headers.location).toBe(`${publicUrl}settings?connected=test`);
    const { id } = await server.db.user.findUniqueOrThrow({ where: { username: `connector-${provider}` } });
    expect(await server.db.connection.count({ where: { subject: sub, userId: id } })).toBe(1);
    expect(await server.db.auditEvent.count({ where: { action: "account.provider_connected", actorId: id } })).toBe(1);
    const later = browser();
    await later.signIn(sub);
    expect(await later.whoami()).toMatchObject({ username: `connector-${provider}` });
  });

  it("refuses to connect a provider account that another user has connected", async () => {
    const sub = subject({ email: `owner-${provider}@example.test`, email_verified: true, preferred_username: `owner-${provider}` });
    await browser().signIn(sub);
    const other = browser();
    await register(`other-${provider}`);
    await other.rpc("users.login", { email: `other-${provider}@example.test`, password: "password123" });
    const res = await other.signIn(sub, "connect");
    expect(res.headers.location).toBe(`${publicUrl}login?provider-error=connected-elsewhere`);
    expect(await server.db.connection.count({ where: { subject: sub } })).toBe(1);
  });

  it("still asks an account with TOTP for its code after a provider sign-in", async () => {
    const name = `guarded-${provider}`;
    const token = await register(name);
    const sub = subject({ email: `${name}@example.test`, email_verified: true });
    const call = (path: string, input: unknown = {}) =>
      server.app.inject({
        method: "POST",
        url: `/trpc/${path}`,
        headers: { authorization: `Token ${token}`, "content-type": "application/json" },
        payload: JSON.stringify(input),
      });
    await call("account.reauthenticate", { password: "password123" });
    const key = ((await call("security.totpSetup")).json() as { result: { data: { key: string } } }).result.data.key;
    await call("security.totpEnable", { code: authenticatorCode(key) });
    // The provider is connected to the account already (the linking test shows how).
    await server.db.connection.create({
      data: { provider: "test", subject: sub, userId: (await server.db.user.findUniqueOrThrow({ where: { username: name } })).id },
    });

    const fresh = browser();
    const res = await fresh.signIn(sub);
    expect(res.headers.location).toBe(`${publicUrl}login?second-factor=1`);
    expect(await fresh.whoami()).toBeNull();
    expect((await fresh.rpc("articles.create", { title: "t", description: "d", body: "b" })).json().error.message).toBe(
      "second factor required",
    );
  });

  it("lets a provider-made account choose a username when the provider's is taken, and never remove its last way to sign in", async () => {
    await register(`taken-${provider}`);
    const sub = subject({ email: `chooser-${provider}@example.test`, email_verified: true, preferred_username: `taken-${provider}` });
    const b = browser();
    const res = await b.signIn(sub);
    expect(res.headers.location).toBe(`${publicUrl}welcome`);
    const taken = await b.rpc("connections.completeSignUp", { username: `taken-${provider}` });
    expect(taken.json().error.data.fieldErrors).toEqual({ username: ["has already been taken"] });
    expect((await b.rpc("connections.completeSignUp", { username: `chosen-${provider}` })).statusCode).toBe(200);
    expect(await b.whoami()).toMatchObject({ username: `chosen-${provider}` });

    const last = await b.rpc("connections.remove", { provider: "test" });
    expect([last.statusCode, last.json().error.data.fieldErrors]).toEqual([
      400,
      { account: ["would have no way left to sign in: add a password or a passkey first"] },
    ]);
    expect(await server.db.connection.count({ where: { subject: sub } })).toBe(1);
  });

  it("signs in with GitHub through the same client, trusting only an address GitHub verified", async () => {
    let id = provider === "sqlite" ? 1_000 : 2_000;
    const viaGitHub = async (user: { login: string; emails: { email: string; primary: boolean; verified: boolean }[] }) => {
      github.signInAs({ id: ++id, ...user });
      const b = browser();
      const start = await b.get("/auth/github/start");
      const back = await fetch(start.headers.location as string, { redirect: "manual" });
      const callback = new URL(back.headers.get("location")!);
      return { b, res: await b.get(`${callback.pathname}${callback.search}`) };
    };
    const fresh = await viaGitHub({
      login: `octocat-${provider}`,
      emails: [{ email: `octo-${provider}@example.test`, primary: true, verified: true }],
    });
    expect(fresh.res.headers.location).toBe(publicUrl);
    expect(await fresh.b.whoami()).toMatchObject({ username: `octocat-${provider}`, emailVerified: true });

    await register(`claimed-${provider}`);
    const unverified = await viaGitHub({
      login: `claimer-${provider}`,
      emails: [{ email: `claimed-${provider}@example.test`, primary: true, verified: false }],
    });
    expect(unverified.res.headers.location).toBe(`${publicUrl}login?provider-error=email-unverified`);
    expect(await unverified.b.whoami()).toBeNull();
  });

  it("lets an account made through a provider add a password with the reset flow, after which the connection may go", async () => {
    const sub = subject({
      email: `passwordless-${provider}@example.test`,
      email_verified: true,
      preferred_username: `passwordless-${provider}`,
    });
    const b = browser();
    await b.signIn(sub);
    const user = await server.db.user.findUniqueOrThrow({ where: { username: `passwordless-${provider}` } });
    // A reset link as its mail would carry it (the table holds the token's SHA-256).
    const token = "abcdefghijklmnopqrstuvwxyz234567";
    await server.db.passwordReset.create({
      data: { tokenHash: createHash("sha256").update(token).digest("hex"), userId: user.id, expiresAt: new Date(Date.now() + 60_000) },
    });
    expect((await b.rpc("account.resetPassword", { token, password: "now-with-a-password" })).statusCode).toBe(200);
    expect((await server.db.user.findUniqueOrThrow({ where: { id: user.id } })).hasPassword).toBe(true);
    await b.rpc("users.login", { email: `passwordless-${provider}@example.test`, password: "now-with-a-password" });
    expect((await b.rpc("connections.remove", { provider: "test" })).statusCode).toBe(200);
  });
});

describe("a server with no sign-in providers", () => {
  const server = useServer("sqlite");

  it("lists none, so the web app shows no provider buttons and asks for nothing that fails", async () => {
    const res = await server.app.inject("/auth/providers");
    expect([res.statusCode, res.json()]).toEqual([200, []]);
    expect((await server.app.inject("/auth/google/start")).statusCode).toBe(404);
  });
});
