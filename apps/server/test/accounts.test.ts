import { afterAll, describe, expect, it } from "vitest";
import { testProviders, waitFor } from "@conduit/db/testing";
import { authenticatorCode, startSmtpServer } from "@conduit/testkit";
import { useServer } from "./harness.ts";

const providers = await testProviders();
const smtpServers = new Map(await Promise.all(providers.map(async (provider) => [provider, await startSmtpServer()] as const)));
afterAll(() => Promise.all([...smtpServers.values()].map((smtp) => smtp.close())));

const chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
const firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0";
const minute = 60_000;

describe.each(providers)("accounts on %s", (provider) => {
  const smtp = smtpServers.get(provider)!;
  const server = useServer(provider, { jobs: true, env: { SMTP_URL: smtp.url, JOBS_POLL_INTERVAL_MS: "200" } });
  /** Every secret a mail carried in this file: none may be stored anywhere but as a hash. */
  const secrets: string[] = [];

  const mailsTo = (address: string, subject = "") =>
    smtp.received.filter((m) => !Array.isArray(m.to) && m.to?.value[0]?.address === address && (m.subject ?? "").includes(subject));
  /** The n-th code mailed to `address` (1-based), once it arrived. */
  async function codeFor(address: string, n = 1): Promise<string> {
    const mails = await waitFor(() => mailsTo(address, "Your Conduit code").length >= n && mailsTo(address, "Your Conduit code"));
    const code = /\b(\d{8})\b/.exec(mails[n - 1]!.text!)![1]!;
    secrets.push(code);
    return code;
  }
  async function resetTokenFor(address: string, n = 1): Promise<string> {
    const mails = await waitFor(() => mailsTo(address, "Reset your").length >= n && mailsTo(address, "Reset your"));
    const token = new URL(/(http\S+reset-password\S+)/.exec(mails[n - 1]!.text!)![1]!).searchParams.get("token")!;
    secrets.push(token);
    return token;
  }

  /** tRPC over HTTP as a client with this session token (and browser) calls it. */
  const rpc = (token: string | null, userAgent = chrome) => {
    const headers = { "content-type": "application/json", "user-agent": userAgent, ...(token ? { authorization: `Token ${token}` } : {}) };
    const answer = (res: Awaited<ReturnType<typeof server.app.inject>>) => ({
      status: res.statusCode,
      body: res.json() as {
        result?: { data: unknown };
        error?: { message: string; data: { code: string; fieldErrors?: Record<string, string[]> } };
      },
      retryAfter: res.headers["retry-after"],
    });
    return {
      mutate: async (path: string, input: unknown = {}) =>
        answer(await server.app.inject({ method: "POST", url: `/trpc/${path}`, headers, payload: JSON.stringify(input) })),
      query: async (path: string, input?: unknown) =>
        answer(
          await server.app.inject({
            method: "GET",
            url: `/trpc/${path}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`}`,
            headers,
          }),
        ),
    };
  };
  const whoami = async (token: string) =>
    (await rpc(token).query("users.whoami")).body.result?.data as { email: string; emailVerified: boolean } | null;

  async function signUp(name: string, userAgent = chrome) {
    const res = await server.app.inject({
      method: "POST",
      url: "/api/users",
      headers: { "user-agent": userAgent },
      payload: { user: { username: name, email: `${name}@example.test`, password: "password123" } },
    });
    expect(res.statusCode).toBe(201);
    return { email: `${name}@example.test`, token: res.json().user.token as string };
  }
  async function logIn(email: string, password = "password123", userAgent = chrome): Promise<string> {
    const res = await server.app.inject({
      method: "POST",
      url: "/api/users/login",
      headers: { "user-agent": userAgent },
      payload: { user: { email, password } },
    });
    expect(res.statusCode).toBe(200);
    return res.json().user.token as string;
  }
  const wrongCode = (code: string) => String((Number(code) + 1) % 100_000_000).padStart(8, "0");

  it("mails a code at sign-up that verifies the address once; a wrong or reused code is refused; verifying ends the other sessions", async () => {
    const { email, token } = await signUp("verifier");
    const other = await logIn(email);
    const code = await codeFor(email);
    expect(await whoami(token)).toMatchObject({ emailVerified: false });

    const wrong = await rpc(token).mutate("account.verifyEmail", { code: wrongCode(code) });
    expect([wrong.status, wrong.body.error?.data.fieldErrors]).toEqual([400, { code: ["is wrong"] }]);
    const malformed = await rpc(token).mutate("account.verifyEmail", { code: "12ab" });
    expect([malformed.status, malformed.body.error?.data.fieldErrors]).toEqual([400, { code: ["must be the 8 digits from the mail"] }]);

    expect((await rpc(token).mutate("account.verifyEmail", { code: `${code.slice(0, 4)} ${code.slice(4)}` })).status).toBe(200);
    expect(await whoami(token)).toMatchObject({ emailVerified: true });
    expect(await whoami(other)).toBeNull();
    const again = await rpc(token).mutate("account.verifyEmail", { code });
    expect([again.status, again.body.error?.data.fieldErrors?.code]).toEqual([400, ["has expired or was replaced: ask for a new one"]]);
    expect((await rpc(token).mutate("account.sendVerificationCode")).body.error?.data.fieldErrors).toEqual({
      email: ["is verified already"],
    });
    const user = await server.db.user.findUniqueOrThrow({ where: { email } });
    expect(user.emailVerifiedAt).toBeInstanceOf(Date);
    expect(await server.db.auditEvent.count({ where: { action: "account.email_verified", actorId: user.id } })).toBe(1);
  });

  it("voids a code when a new one is sent, takes 5 tries per code, 3 sends per 10 minutes, and no code after 15 minutes", async () => {
    const { email, token } = await signUp("retrier");
    const first = await codeFor(email);
    expect((await rpc(token).mutate("account.sendVerificationCode")).status).toBe(200);
    const second = await codeFor(email, 2);
    expect((await rpc(token).mutate("account.verifyEmail", { code: first })).body.error?.data.fieldErrors).toEqual({ code: ["is wrong"] });
    for (let i = 0; i < 4; i++) expect((await rpc(token).mutate("account.verifyEmail", { code: wrongCode(second) })).status).toBe(400);
    const locked = await rpc(token).mutate("account.verifyEmail", { code: second });
    expect([locked.status, locked.body.error?.data.code, Number(locked.retryAfter) > 0]).toEqual([429, "TOO_MANY_REQUESTS", true]);

    expect((await rpc(token).mutate("account.sendVerificationCode")).status).toBe(200);
    expect((await rpc(token).mutate("account.sendVerificationCode")).status).toBe(200);
    const capped = await rpc(token).mutate("account.sendVerificationCode");
    expect([capped.status, Number(capped.retryAfter)]).toEqual([429, expect.any(Number)]);
    expect(Number(capped.retryAfter)).toBeGreaterThan(9 * 60);

    const fourth = await codeFor(email, 4);
    await server.db.emailCode.updateMany({ where: { user: { email } }, data: { expiresAt: new Date(Date.now() - 1) } });
    const expired = await rpc(token).mutate("account.verifyEmail", { code: fourth });
    expect(expired.body.error?.data.fieldErrors).toEqual({ code: ["has expired or was replaced: ask for a new one"] });
  });

  it("answers forgot-password the same, in about the same time, for a registered address and an unknown one", async () => {
    const { email } = await signUp("forgetful");
    const timed = async (address: string) => {
      const started = performance.now();
      const res = await rpc(null).mutate("account.requestPasswordReset", { email: address });
      return { ms: performance.now() - started, status: res.status, body: res.body };
    };
    const known: number[] = [];
    const unknown: number[] = [];
    // Alternating; the registered address three times (its per-address limit), the unknown ones each new.
    for (let i = 0; i < 3; i++) {
      const a = await timed(email);
      const b = await timed(`nobody${i}@example.test`);
      expect([a.status, a.body]).toEqual([b.status, b.body]);
      known.push(a.ms);
      unknown.push(b.ms);
    }
    // The two paths do the same work (one job enqueued); the job alone looks the address up. The
    // bound is loose because a loaded machine (CI, 2 cores) makes single requests vary by tens of
    // milliseconds; what an address lookup and a token would add is below it either way.
    const median = (xs: number[]) => xs.sort((x, y) => x - y)[1]!;
    expect(Math.abs(median(known) - median(unknown))).toBeLessThan(Math.max(100, 2 * median(unknown)));
    await resetTokenFor(email);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(smtp.received.filter((m) => (m.subject ?? "").startsWith("Reset") && JSON.stringify(m.to).includes("nobody"))).toHaveLength(0);
  });

  it("resets a password with the mailed link once: every session ends, the address counts as verified, a notice is mailed", async () => {
    const { email, token } = await signUp("resetter");
    const other = await logIn(email);
    expect((await rpc(null).mutate("account.requestPasswordReset", { email })).status).toBe(200);
    const resetToken = await resetTokenFor(email);
    // Two uses at once: one wins.
    const [a, b] = await Promise.all([
      rpc(null).mutate("account.resetPassword", { token: resetToken, password: "brand-new-password" }),
      rpc(null).mutate("account.resetPassword", { token: resetToken, password: "other-new-password" }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 400]);
    const loser = a.status === 400 ? a : b;
    expect(loser.body.error?.data.fieldErrors).toEqual({ token: ["is invalid, used or expired: ask for a new link"] });
    expect([await whoami(token), await whoami(other)]).toEqual([null, null]);
    const winner = a.status === 200 ? "brand-new-password" : "other-new-password";
    await logIn(email, winner);
    expect((await server.db.user.findUniqueOrThrow({ where: { email } })).emailVerifiedAt).toBeInstanceOf(Date);
    const [notice] = await waitFor(() => mailsTo(email, "password was reset").length === 1 && mailsTo(email, "password was reset"));
    expect(notice!.text).toContain("Every session was signed out.");
    expect(notice!.text).toContain("When: ");

    // A link past its hour fails too.
    await rpc(null).mutate("account.requestPasswordReset", { email });
    const late = await resetTokenFor(email, 2);
    await server.db.passwordReset.updateMany({ where: { user: { email } }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect((await rpc(null).mutate("account.resetPassword", { token: late, password: "too-late-password" })).status).toBe(400);
  });

  it("changes the address only after a re-authentication within 10 minutes, keeps the new one apart until its code returns, and tells the old one", async () => {
    const { email, token } = await signUp("mover");
    const other = await logIn(email);
    const target = "moved@example.test";
    const unconfirmed = await rpc(token).mutate("account.changeEmail", { email: target });
    expect([unconfirmed.status, unconfirmed.body.error?.data.fieldErrors]).toEqual([
      403,
      { password: ["must be confirmed again first (re-authenticate)"] },
    ]);
    expect((await rpc(token).mutate("account.reauthenticate", { password: "wrong-password" })).status).toBe(403);
    expect((await rpc(token).mutate("account.reauthenticate", { password: "password123" })).status).toBe(200);
    // Just past the window, the re-authentication no longer counts.
    const session = await server.db.session.findFirstOrThrow({ where: { user: { email }, sudoAt: { not: null } } });
    await server.db.session.update({ where: { id: session.id }, data: { sudoAt: new Date(Date.now() - 10 * minute - 1_000) } });
    expect((await rpc(token).mutate("account.changeEmail", { email: target })).status).toBe(403);
    await server.db.session.update({ where: { id: session.id }, data: { sudoAt: new Date(Date.now() - 10 * minute + 5_000) } });
    expect((await rpc(token).mutate("account.changeEmail", { email: target })).status).toBe(200);

    expect((await whoami(token))?.email).toBe(email);
    const code = await codeFor(target);
    expect(mailsTo(email, "Your Conduit code")).toHaveLength(1); // only the sign-up's
    // The sign-up's code proves the old address, not the new one.
    expect((await rpc(token).mutate("account.confirmEmailChange", { code: await codeFor(email) })).status).toBe(400);
    const verified = await rpc(token).mutate("account.confirmEmailChange", { code });
    expect([verified.status, verified.body.result?.data]).toEqual([200, { email: target, emailVerified: true }]);
    expect(await whoami(token)).toMatchObject({ email: target, emailVerified: true });
    expect(await whoami(other)).toBeNull();
    const [notice] = await waitFor(
      () => mailsTo(email, "email address was changed").length === 1 && mailsTo(email, "email address was changed"),
    );
    expect(notice!.text).toContain(`from this one to ${target}`);
    expect(notice!.text).toContain("Chrome 156 on Linux");
  });

  it("decides a race of two accounts for one address at the switch: one wins, the other gets 409", async () => {
    const contested = "contested@example.test";
    const racers = [await signUp("racer1"), await signUp("racer2")];
    for (const { token } of racers) {
      await rpc(token).mutate("account.reauthenticate", { password: "password123" });
      expect((await rpc(token).mutate("account.changeEmail", { email: contested })).status).toBe(200);
    }
    const codes = [await codeFor(contested, 1), await codeFor(contested, 2)];
    const attempts = await Promise.all(
      racers.map(async ({ token }) => {
        for (const code of codes) {
          const res = await rpc(token).mutate("account.confirmEmailChange", { code });
          if (res.body.error?.data.fieldErrors?.code?.[0] !== "is wrong") return res;
        }
        throw new Error("neither code was this account's");
      }),
    );
    expect(attempts.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(attempts.find((a) => a.status === 409)!.body.error?.data.fieldErrors).toEqual({ email: ["has already been taken"] });
    expect(await server.db.user.count({ where: { email: contested } })).toBe(1);
  });

  it("changes the password only with the current one, ending the other sessions and mailing a notice", async () => {
    const { email, token } = await signUp("rotator");
    const other = await logIn(email);
    const wrong = await rpc(token).mutate("account.changePassword", { currentPassword: "not-it-at-all", newPassword: "rotated-password" });
    expect([wrong.status, wrong.body.error?.data.fieldErrors]).toEqual([403, { password: ["is wrong"] }]);
    const weak = await rpc(token).mutate("account.changePassword", { currentPassword: "password123", newPassword: "short" });
    expect(weak.body.error?.data.fieldErrors).toEqual({ newPassword: ["is too short (minimum is 8 characters)"] });
    expect(
      (await rpc(token).mutate("account.changePassword", { currentPassword: "password123", newPassword: "rotated-password" })).status,
    ).toBe(200);
    expect(await whoami(token)).not.toBeNull();
    expect(await whoami(other)).toBeNull();
    await logIn(email, "rotated-password");
    await waitFor(() => mailsTo(email, "password was changed").length === 1);
  });

  it("tells the old address of a password and an address changed through RealWorld's PUT /api/user, and ends the other sessions once", async () => {
    const { email, token } = await signUp("updater");
    const other = await logIn(email);
    const moved = "updater-new@example.test";
    const res = await server.app.inject({
      method: "PUT",
      url: "/api/user",
      headers: { authorization: `Token ${token}`, "user-agent": chrome },
      payload: { user: { email: moved, password: "another-password" } },
    });
    expect(res.statusCode).toBe(200);
    expect(await whoami(token)).not.toBeNull();
    expect(await whoami(other)).toBeNull();
    await waitFor(() => mailsTo(email, "password was changed").length === 1);
    const [notice] = await waitFor(() => mailsTo(email, "address").length >= 1 && mailsTo(email, "address"));
    expect(notice!.text).toContain(moved);
    expect(mailsTo(moved)).toEqual([]);
  });

  it("lists the user's sessions with device, address and which is this one, and ends any one of them but nobody else's", async () => {
    const { email, token } = await signUp("sessioner");
    const laptop = await logIn(email, "password123", firefox);
    const stranger = await signUp("stranger");
    const listed = (await rpc(token).query("account.sessions")).body.result!.data as {
      id: string;
      device: string;
      ip: string;
      current: boolean;
    }[];
    expect(listed.map((s) => [s.device, s.current]).sort()).toEqual([
      ["Chrome 156 on Linux", true],
      ["Firefox 140 on Windows", false],
    ]);
    expect(listed.every((s) => s.ip === "127.0.0.1")).toBe(true);
    const laptopSession = listed.find((s) => !s.current)!;
    // Someone else's session id is not found for them.
    expect((await rpc(stranger.token).mutate("account.endSession", { id: laptopSession.id })).status).toBe(404);
    expect(await whoami(laptop)).not.toBeNull();
    expect((await rpc(token).mutate("account.endSession", { id: laptopSession.id })).status).toBe(200);
    expect(await whoami(laptop)).toBeNull();
    expect(((await rpc(token).query("account.sessions")).body.result!.data as unknown[]).length).toBe(1);
  });

  it("mails a notice of a sign-in from a device the account has not used in 90 days, and only then", async () => {
    const { email } = await signUp("traveller");
    await logIn(email); // the device it signed up from
    await logIn(email, "password123", firefox);
    const [notice] = await waitFor(() => mailsTo(email, "new sign-in").length === 1 && mailsTo(email, "new sign-in"));
    expect(notice!.text).toContain("Firefox 140 on Windows");
    expect(notice!.text).toContain("end that session in Settings → Sessions");
    await logIn(email, "password123", firefox);
    await server.db.knownDevice.updateMany({
      where: { user: { email }, device: "Chrome 156 on Linux" },
      data: { lastSeenAt: new Date(Date.now() - 91 * 24 * 60 * minute) },
    });
    await logIn(email);
    await waitFor(() => mailsTo(email, "new sign-in").length === 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(mailsTo(email, "new sign-in").map((m) => /signed in from (.+?),/.exec(m.text!)![1])).toEqual([
      "Firefox 140 on Windows",
      "Chrome 156 on Linux",
    ]);
  });

  it("answers a REST log-in of an account with TOTP 401 otp required, unless the one call carries user.otp, as the OpenAPI document says", async () => {
    const { email, token } = await signUp("twofactor");
    await rpc(token).mutate("account.reauthenticate", { password: "password123" });
    const setup = (await rpc(token).mutate("security.totpSetup")).body.result!.data as { key: string };
    const enabled = await rpc(token).mutate("security.totpEnable", { code: authenticatorCode(setup.key) });
    expect(enabled.status).toBe(200);
    // The key and the recovery codes are secrets too: the last test looks for them in every table.
    secrets.push(setup.key.replace(/ /g, ""), ...(enabled.body.result!.data as { recoveryCodes: string[] }).recoveryCodes);
    const login = (user: Record<string, string>) => server.app.inject({ method: "POST", url: "/api/users/login", payload: { user } });
    const asked = await login({ email, password: "password123" });
    expect([asked.statusCode, asked.json()]).toEqual([401, { errors: { otp: ["required"] } }]);
    const wrongPassword = await login({ email, password: "wrong-password", otp: "123456" });
    expect([wrongPassword.statusCode, wrongPassword.json()]).toEqual([401, { errors: { credentials: ["invalid"] } }]);
    // The code that turned TOTP on was this step's; the next step's is accepted (one step of grace).
    const next = authenticatorCode(setup.key, 1);
    const signedIn = await login({ email, password: "password123", otp: next });
    expect(signedIn.statusCode).toBe(200);
    expect(await whoami(signedIn.json().user.token)).toMatchObject({ email });
    const document = (await server.app.inject("/api/openapi.json")).json() as { paths: Record<string, unknown> };
    const loginPath = Object.entries(document.paths).find(([path]) => path.endsWith("/users/login"))!;
    expect(JSON.stringify(loginPath[1])).toContain('"otp"');
  });

  it("stores no code or reset token anywhere but as a hash: not in the audit log, the jobs, or any other table", async () => {
    expect(secrets.length).toBeGreaterThan(8);
    const tables = await Promise.all([
      server.db.auditEvent.findMany(),
      server.db.emailCode.findMany(),
      server.db.passwordReset.findMany(),
      server.db.session.findMany({ select: { id: true, userAgent: true, ip: true } }),
      server.db.mailDelivery.findMany(),
      provider === "postgresql"
        ? server.db.$queryRawUnsafe<unknown[]>(`SELECT name, data, output FROM pgboss.job`)
        : server.db.job.findMany(),
    ]);
    const stored = JSON.stringify(tables);
    expect(stored).toContain("account.email-code"); // the jobs are there, without their secrets
    for (const secret of secrets) expect(stored).not.toContain(secret);
  });
});
