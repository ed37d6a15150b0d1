import { describe, expect, it } from "vitest";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { testProviders } from "@conduit/db/testing";
import { failure, outcome, useApi } from "./harness.ts";
import { totpCodeAt } from "../src/identity/second-factor/totp.ts";
import { issueResetToken } from "../src/identity/account/password-resets.ts";
import { developmentKeys } from "../src/shared/secret-box.ts";

const step = 30_000;

describe.each(await testProviders())("second factors on %s", (provider) => {
  const api = useApi(provider);
  /** A context at a time of our choosing, with a cookie jar like the web app's. */
  const jar = { token: null as string | null };
  const at = (token: string | null, when: number) =>
    api.caller(token, { now: () => new Date(when), cookies: { set: (t) => void (jar.token = t), clear: () => void (jar.token = null) } });
  const apiClient = (when: number) => api.caller(null, { now: () => new Date(when) });

  /** A member with TOTP on; returns the secret (as their authenticator app holds it) and the recovery codes. */
  async function withTotp(when = Date.now()) {
    const member = await api.signUp();
    await at(member.token, when).account.reauthenticate({ password: "password123" });
    const setup = await at(member.token, when).security.totpSetup();
    const secret = decodeBase32IgnorePadding(setup.key.replace(/ /g, ""));
    const wrong = await failure(at(member.token, when).security.totpEnable({ code: totpCodeAt(secret, new Date(when + 10 * step)) }));
    expect(wrong.message).toBe("code is wrong: check the time on your device");
    const { recoveryCodes } = await at(member.token, when).security.totpEnable({ code: totpCodeAt(secret, new Date(when)) });
    return { ...member, secret, recoveryCodes, enabledAt: when };
  }

  it("turns TOTP on only after a re-authentication and one right code, with the secret sealed and ten recovery codes shown once", async () => {
    const member = await api.signUp();
    expect(await outcome(member.api.security.totpSetup())).toBe("FORBIDDEN");
    const { secret, recoveryCodes, email } = await withTotp();
    expect(recoveryCodes).toHaveLength(10);
    expect(recoveryCodes.every((c) => /^[a-z2-7]{5}-[a-z2-7]{5}$/.test(c))).toBe(true);
    const row = await api.db.totpCredential.findFirstOrThrow({ where: { user: { email } } });
    expect(Buffer.from(row.secret).includes(Buffer.from(secret))).toBe(false);
    expect(row.secret.length).toBe(12 + 20 + 16);
    expect((await api.db.recoveryCode.findMany({ where: { user: { email } } })).every((r) => r.codeHash.startsWith("$argon2id$"))).toBe(
      true,
    );
  });

  it("gives a password sign-in a session that can only complete the second step, which upgrades that same session", async () => {
    const member = await withTotp();
    const now = member.enabledAt + step;
    const refused = await failure(at(null, now).users.login({ email: member.email, password: "password123" }));
    expect([refused.code, refused.message]).toEqual(["UNAUTHORIZED", "otp required"]);
    const pending = jar.token!;
    const blocked = await failure(at(pending, now).articles.create({ title: "t", description: "d", body: "b" }));
    expect([blocked.code, blocked.message]).toEqual(["UNAUTHORIZED", "second factor required"]);
    expect(await at(pending, now).users.whoami()).toBeNull();
    expect(
      await outcome(
        at(pending, now)
          .live.events({})
          .then((s) => s[Symbol.asyncIterator]().next()),
      ),
    ).toBe("UNAUTHORIZED");
    const wrong = await failure(at(pending, now).security.completeSignIn({ otp: "000000" }));
    expect([wrong.code, wrong.message]).toEqual(["UNAUTHORIZED", "otp is wrong"]);
    expect(await at(pending, now).security.completeSignIn({ otp: totpCodeAt(member.secret, new Date(now)) })).toMatchObject({
      token: pending,
    });
    expect(await outcome(at(pending, now).articles.create({ title: "t", description: "d", body: "b" }))).toBe("OK");
  });

  it("signs an API client in with one call carrying the code, and creates no session without it", async () => {
    const member = await withTotp();
    const now = member.enabledAt + step;
    const sessions = () => api.db.session.count({ where: { user: { email: member.email } } });
    const before = await sessions();
    expect(await outcome(apiClient(now).users.login({ email: member.email, password: "password123" }))).toBe("UNAUTHORIZED");
    expect(await sessions()).toBe(before);
    const user = await apiClient(now).users.login({
      email: member.email,
      password: "password123",
      otp: totpCodeAt(member.secret, new Date(now)),
    });
    expect(await outcome(api.caller(user.token).users.me())).toBe("OK");
  });

  it("takes a code once in its window, and locks the second step for 15 minutes after 5 wrong codes in a row", async () => {
    const member = await withTotp();
    const now = member.enabledAt + step;
    const code = totpCodeAt(member.secret, new Date(now));
    await apiClient(now).users.login({ email: member.email, password: "password123", otp: code });
    const reused = await failure(apiClient(now).users.login({ email: member.email, password: "password123", otp: code }));
    expect(reused.message).toBe("otp was used already: wait for the next code");
    // The one before is older than the last one used: refused too.
    expect(
      await outcome(
        apiClient(now).users.login({ email: member.email, password: "password123", otp: totpCodeAt(member.secret, new Date(now - step)) }),
      ),
    ).toBe("UNAUTHORIZED");
    for (let i = 0; i < 3; i++)
      expect(await outcome(apiClient(now).users.login({ email: member.email, password: "password123", otp: "000000" }))).toBe(
        "UNAUTHORIZED",
      );
    const locked = await failure(
      apiClient(now).users.login({ email: member.email, password: "password123", otp: totpCodeAt(member.secret, new Date(now + step)) }),
    );
    expect(locked.code).toBe("TOO_MANY_REQUESTS");
    expect(locked.message).toMatch(/try again in (8\d\d|900) s$/);
  });

  it("takes each recovery code once where a TOTP code is taken, counts what is left, and a regeneration voids the old ones", async () => {
    const member = await withTotp();
    const [first, second] = member.recoveryCodes;
    const now = member.enabledAt + step;
    const user = await apiClient(now).users.login({ email: member.email, password: "password123", otp: first!.toUpperCase() });
    expect(await outcome(apiClient(now).users.login({ email: member.email, password: "password123", otp: first! }))).toBe("UNAUTHORIZED");
    expect(await api.caller(user.token).security.status()).toEqual({ totp: true, recoveryCodesLeft: 9 });
    expect(
      await api.db.auditEvent.count({
        where: { action: "account.recovery_code_used", actorId: { not: null }, details: { contains: '"left":9' } },
      }),
    ).toBe(1);
    await at(user.token, now).account.reauthenticate({ password: "password123" });
    const { recoveryCodes } = await at(user.token, now).security.regenerateRecoveryCodes();
    expect(await outcome(apiClient(now).users.login({ email: member.email, password: "password123", otp: second! }))).toBe("UNAUTHORIZED");
    expect(await outcome(apiClient(now).users.login({ email: member.email, password: "password123", otp: recoveryCodes[0]! }))).toBe("OK");
  });

  it("turns TOTP off only after a re-authentication, audited; sign-in then asks for the password alone", async () => {
    const member = await withTotp();
    const now = member.enabledAt + step;
    const user = await apiClient(now).users.login({
      email: member.email,
      password: "password123",
      otp: totpCodeAt(member.secret, new Date(now)),
    });
    expect(await outcome(at(user.token, now).security.totpDisable())).toBe("FORBIDDEN");
    await at(user.token, now).account.reauthenticate({ password: "password123" });
    await at(user.token, now).security.totpDisable();
    expect(
      await api.db.auditEvent.count({
        where: {
          action: "account.totp_disabled",
          targetId: String((await api.db.user.findUniqueOrThrow({ where: { email: member.email } })).id),
        },
      }),
    ).toBe(1);
    expect(await outcome(apiClient(now).users.login({ email: member.email, password: "password123" }))).toBe("OK");
    expect(await api.db.recoveryCode.count({ where: { user: { email: member.email } } })).toBe(0);
  });

  it("asks for the second factor before a reset link's new password, and keeps the link usable until it is given", async () => {
    const member = await withTotp();
    const now = member.enabledAt + step;
    const { id } = await api.db.user.findUniqueOrThrow({ where: { email: member.email } });
    const token = await issueResetToken(api.db, id, new Date(now));
    const asked = await failure(apiClient(now).account.resetPassword({ token, password: "reset-password-1" }));
    expect([asked.code, asked.message]).toEqual(["UNAUTHORIZED", "otp required"]);
    expect(await outcome(apiClient(now).account.resetPassword({ token, password: "reset-password-1", otp: "000000" }))).toBe(
      "UNAUTHORIZED",
    );
    await apiClient(now).account.resetPassword({ token, password: "reset-password-1", otp: totpCodeAt(member.secret, new Date(now)) });
    expect(
      await outcome(
        apiClient(now + step).users.login({
          email: member.email,
          password: "reset-password-1",
          otp: totpCodeAt(member.secret, new Date(now + step)),
        }),
      ),
    ).toBe("OK");
  });

  it("refuses to turn TOTP on where the server has no key to seal it with (production without TOTP_ENCRYPTION_KEY)", async () => {
    const member = await api.signUp();
    const keyless = () => api.caller(member.token, { totpKeys: null });
    await keyless().account.reauthenticate({ password: "password123" });
    const refused = await failure(keyless().security.totpSetup());
    expect([refused.code, refused.message]).toEqual(["PRECONDITION_FAILED", "totp is not configured on this server (TOTP_ENCRYPTION_KEY)"]);
  });

  it("keeps each account's second factor its own: setups, codes, counters and recovery codes never reach another account", async () => {
    const now = Date.now();
    // Two setups waiting at once: confirming one leaves the other waiting.
    const [first, second] = [await api.signUp(), await api.signUp()];
    const keys = [];
    for (const m of [first, second]) {
      await at(m.token, now).account.reauthenticate({ password: "password123" });
      keys.push(decodeBase32IgnorePadding((await at(m.token, now).security.totpSetup()).key.replace(/ /g, "")));
    }
    const { recoveryCodes } = await at(first.token, now).security.totpEnable({ code: totpCodeAt(keys[0]!, new Date(now)) });
    expect(await at(second.token, now).security.status()).toEqual({ totp: false, recoveryCodesLeft: 0 });
    expect(await outcome(apiClient(now).users.login({ email: second.email, password: "password123" }))).toBe("OK");
    // A setup that is only waiting is no second factor: no new recovery codes, no code asked at a reset.
    expect(await outcome(at(second.token, now).security.regenerateRecoveryCodes())).toBe("BAD_REQUEST");
    const { id: secondId } = await api.db.user.findUniqueOrThrow({ where: { email: second.email } });
    const reset = await issueResetToken(api.db, secondId, new Date(now));
    expect(await outcome(apiClient(now).account.resetPassword({ token: reset, password: "second-new-password" }))).toBe("OK");
    // Another account's recovery code is no code here.
    await at(second.token, now)
      .account.reauthenticate({ password: "second-new-password" })
      .catch(() => undefined);
    const relogged = await apiClient(now).users.login({ email: second.email, password: "second-new-password" });
    await at(relogged.token, now).account.reauthenticate({ password: "second-new-password" });
    await at(relogged.token, now).security.totpEnable({ code: totpCodeAt(keys[1]!, new Date(now)) });
    const login = (email: string, password: string, otp: string, when = now + step) =>
      outcome(apiClient(when).users.login({ email, password, otp }));
    expect(await login(second.email, "second-new-password", recoveryCodes[0]!)).toBe("UNAUTHORIZED");
    // One account using a step's code leaves the other's codes of that step good.
    expect(await login(first.email, "password123", totpCodeAt(keys[0]!, new Date(now + step)))).toBe("OK");
    expect(await login(second.email, "second-new-password", totpCodeAt(keys[1]!, new Date(now + step)))).toBe("OK");
  });

  it("confirms a TOTP setup once and takes a recovery code once when each is sent twice at the same moment", async () => {
    const now = Date.now();
    const member = await api.signUp();
    await at(member.token, now).account.reauthenticate({ password: "password123" });
    const secret = decodeBase32IgnorePadding((await at(member.token, now).security.totpSetup()).key.replace(/ /g, ""));
    const code = totpCodeAt(secret, new Date(now));
    const enables = await Promise.all([0, 1].map(() => outcome(at(member.token, now).security.totpEnable({ code }))));
    expect(enables.sort()).toEqual(["CONFLICT", "OK"]);
    const { recoveryCodes } = await at(member.token, now).security.regenerateRecoveryCodes();
    const uses = await Promise.all(
      [0, 1].map(() => outcome(apiClient(now).users.login({ email: member.email, password: "password123", otp: recoveryCodes[0]! }))),
    );
    expect(uses.sort()).toEqual(["OK", "UNAUTHORIZED"]);
  });

  it("reads secrets sealed with the previous key while rotating, and reseals them with the new one on use", async () => {
    const member = await withTotp();
    const now = member.enabledAt + step;
    const rotated = { current: new Uint8Array(32).fill(7), previous: developmentKeys.current };
    const before = await api.db.totpCredential.findFirstOrThrow({ where: { user: { email: member.email } } });
    await api.caller(null, { now: () => new Date(now), totpKeys: rotated }).users.login({
      email: member.email,
      password: "password123",
      otp: totpCodeAt(member.secret, new Date(now)),
    });
    const after = await api.db.totpCredential.findFirstOrThrow({ where: { user: { email: member.email } } });
    expect(after.keyId).not.toBe(before.keyId);
    // The old key alone can no longer open it.
    const login = api.caller(null, { now: () => new Date(now + step) }).users.login({
      email: member.email,
      password: "password123",
      otp: totpCodeAt(member.secret, new Date(now + step)),
    });
    expect(await outcome(login)).toBe("INTERNAL_SERVER_ERROR");
  });
});
