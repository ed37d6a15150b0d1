import { describe, expect, it } from "vitest";
import { testProviders } from "@conduit/db/testing";
import { failure, outcome, useApi } from "./harness.ts";
import { inSudoWindow, sudoWindowMs } from "../src/identity/sudo.ts";
import { hashSecret, newEmailCode, newResetToken, secretMatches } from "../src/identity/secrets.ts";
import { checkEmailCode, emailCodeLifetimeMs, issueEmailCode, useEmailCode } from "../src/identity/account/email-codes.ts";
import { consumeResetToken, issueResetToken, resetLifetimeMs } from "../src/identity/account/password-resets.ts";
import { deviceOf } from "../src/identity/devices.ts";

describe("account secrets", () => {
  it("makes 8-digit codes and 160-bit base32 tokens, and keeps only their SHA-256", () => {
    const codes = new Set(Array.from({ length: 200 }, newEmailCode));
    expect([...codes].every((c) => /^\d{8}$/.test(c))).toBe(true);
    expect(codes.size).toBeGreaterThan(195);
    const token = newResetToken();
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    expect(hashSecret(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(secretMatches(token, hashSecret(token))).toBe(true);
    expect(secretMatches(newResetToken(), hashSecret(token))).toBe(false);
  });

  it("counts a re-authentication for exactly the window: its last millisecond in, the next one out", () => {
    const at = new Date("2026-12-03T12:00:00Z");
    expect(inSudoWindow(at, new Date(at.getTime() + sudoWindowMs))).toBe(true);
    expect(inSudoWindow(at, new Date(at.getTime() + sudoWindowMs + 1))).toBe(false);
    expect(inSudoWindow(null, at)).toBe(false);
    expect(sudoWindowMs).toBe(10 * 60 * 1000);
  });

  it("names devices as people read them", () => {
    const chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
    expect(deviceOf(chrome)).toBe("Chrome 156 on Linux");
    expect(deviceOf(null)).toBe("an unknown device");
    expect(deviceOf("curl/8.5.0")).toBe("curl/8.5.0");
  });
});

describe.each(await testProviders())("codes and reset tokens on %s", (provider) => {
  const api = useApi(provider);
  const member = async () => {
    const user = await api.signUp();
    return { ...user, id: (await api.db.user.findUniqueOrThrow({ where: { username: user.username } })).id };
  };

  it("takes a code for 15 minutes and no longer, once", async () => {
    const user = await member();
    const now = new Date();
    const code = await issueEmailCode(api.db, user.id, user.email, "verify", now);
    const late = new Date(now.getTime() + emailCodeLifetimeMs);
    const expired = await failure(checkEmailCode(api.db, user.id, "verify", code, late));
    expect(expired.message).toBe("code has expired or was replaced: ask for a new one");
    const inTime = new Date(now.getTime() + emailCodeLifetimeMs - 1);
    const checked = await checkEmailCode(api.db, user.id, "verify", code, inTime);
    expect(checked).toMatchObject({ email: user.email });
    await api.db.$transaction((tx) => useEmailCode(tx, user.id, "verify", checked.codeHash));
    expect(await outcome(api.db.$transaction((tx) => useEmailCode(tx, user.id, "verify", checked.codeHash)))).toBe("BAD_REQUEST");
    expect(await outcome(checkEmailCode(api.db, user.id, "verify", code, inTime))).toBe("BAD_REQUEST");
  });

  it("counts wrong guesses per account and purpose, and takes no sixth guess, not even the right code", async () => {
    const [guesser, bystander] = [await member(), await member()];
    const now = new Date();
    const code = await issueEmailCode(api.db, guesser.id, guesser.email, "verify", now);
    const change = await issueEmailCode(api.db, guesser.id, "elsewhere@example.test", "change", now);
    const other = await issueEmailCode(api.db, bystander.id, bystander.email, "verify", now);
    const wrong = code === "00000000" ? "11111111" : "00000000";
    for (let i = 0; i < 5; i++) expect(await outcome(checkEmailCode(api.db, guesser.id, "verify", wrong, now))).toBe("BAD_REQUEST");
    expect(await outcome(checkEmailCode(api.db, guesser.id, "verify", code, now))).toBe("TOO_MANY_REQUESTS");
    // Another purpose's code, and another account's, still have all their tries.
    expect(await checkEmailCode(api.db, guesser.id, "change", change, now)).toMatchObject({ email: "elsewhere@example.test" });
    expect(await checkEmailCode(api.db, bystander.id, "verify", other, now)).toMatchObject({ email: bystander.email });
    expect(await api.db.emailCode.findMany({ where: { userId: bystander.id }, select: { tries: true } })).toEqual([{ tries: 1 }]);
  });

  it("takes a reset token for an hour and no longer, once, and a new one voids the last", async () => {
    const user = await member();
    const now = new Date();
    const first = await issueResetToken(api.db, user.id, now);
    const second = await issueResetToken(api.db, user.id, now);
    expect(await outcome(api.db.$transaction((tx) => consumeResetToken(tx, first, now)))).toBe("BAD_REQUEST");
    expect(await outcome(api.db.$transaction((tx) => consumeResetToken(tx, second, new Date(now.getTime() + resetLifetimeMs))))).toBe(
      "BAD_REQUEST",
    );
    expect(await api.db.$transaction((tx) => consumeResetToken(tx, second, now))).toBe(user.id);
    expect(await outcome(api.db.$transaction((tx) => consumeResetToken(tx, second, now)))).toBe("BAD_REQUEST");
  });

  it("refuses to send a code or a reset link on a server without a job queue, instead of answering ok and sending nothing", async () => {
    const { api: unverified, email } = await api.signUp();
    expect(await outcome(unverified.account.sendVerificationCode())).toBe("PRECONDITION_FAILED");
    expect(await outcome(api.anonymous().account.requestPasswordReset({ email }))).toBe("PRECONDITION_FAILED");
    expect(await outcome(api.anonymous().account.requestPasswordReset({ email: "nobody@example.test" }))).toBe("PRECONDITION_FAILED");
  });
});

describe.each(await testProviders())("EMAIL_VERIFICATION=required on %s", (provider) => {
  const api = useApi(provider);

  it("refuses an unverified account's writes that others see, and allows them once the address is verified", async () => {
    const author = await api.signUp();
    const strict = () => api.caller(author.token, { emailVerification: "required" });
    const refused = await failure(strict().articles.create({ title: "Hello", description: "d", body: "b" }));
    expect([refused.code, refused.message]).toEqual(["FORBIDDEN", "verify your email address first"]);
    expect(await outcome(strict().profiles.follow({ username: (await api.signUp()).username }))).toBe("FORBIDDEN");
    // Reading, and managing the account itself, stay open.
    expect(await outcome(strict().articles.list({}))).toBe("OK");
    expect(await outcome(strict().users.update({ bio: "still me" }))).toBe("OK");
    await api.db.user.update({ where: { username: author.username }, data: { emailVerifiedAt: new Date() } });
    const { slug } = await strict().articles.create({ title: "Hello", description: "d", body: "b" });
    expect(await outcome(strict().comments.add({ slug, body: "first" }))).toBe("OK");
    // The default, optional, lets anyone write as before.
    expect(await outcome((await api.signUp()).api.articles.create({ title: "Unverified", description: "d", body: "b" }))).toBe("OK");
  });
});
