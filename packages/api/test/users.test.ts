import { describe, expect, it } from "vitest";
import { testProviders } from "@conduit/db/testing";
import { failure, grantRole, outcome, useApi } from "./harness.ts";
import { memberPermissions } from "../src/permissions/permission.ts";
import { type FieldError } from "../src/shared/field-error.ts";
import { fieldErrorsOf } from "../src/shared/field-errors-of.ts";
import { createAuthRateLimiter } from "../src/limits/auth-rate-limiter.ts";

describe.each(await testProviders())("users on %s", (provider) => {
  const api = useApi(provider);

  it("registers a user with a null bio and image and signs them in", async () => {
    const user = await api.anonymous().users.register({ username: "jake", email: "Jake@Example.test", password: "password123" });
    expect(user).toMatchObject({ username: "jake", email: "jake@example.test", bio: null, image: null });
    expect(await api.caller(user.token).users.me()).toEqual(user);
  });

  it("answers who is signed in with the user and what their roles grant, or null for a visitor or an ended session, never an error", async () => {
    const { token, api: signedIn, ...user } = await api.signUp("whoami");
    expect(await api.anonymous().users.whoami()).toBeNull();
    const memberGrants = memberPermissions.map((p) => `${p}:own`).sort();
    expect(await signedIn.users.whoami()).toEqual({ ...user, token, emailVerified: false, permissions: memberGrants });
    await grantRole(api.db, "whoami", "moderator");
    expect((await api.caller(token).users.whoami())?.permissions).toEqual(expect.arrayContaining(["resolve:report:any", "read:audit:any"]));
    await signedIn.users.logout();
    expect(await api.caller(token).users.whoami()).toBeNull();
  });

  it("stores an argon2id hash, never the password", async () => {
    await api.signUp("hashcheck");
    const row = await api.db.user.findUniqueOrThrow({ where: { username: "hashcheck" } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain("password123");
  });

  it("refuses a taken email or username with CONFLICT naming the field", async () => {
    await api.signUp("taken");
    const byName = await failure(api.anonymous().users.register({ username: "taken", email: "new@example.test", password: "password123" }));
    const byEmail = await failure(
      api.anonymous().users.register({ username: "fresh", email: "TAKEN@example.test", password: "password123" }),
    );
    expect([byName.code, (byName.cause as FieldError).field]).toEqual(["CONFLICT", "username"]);
    expect([byEmail.code, (byEmail.cause as FieldError).field]).toEqual(["CONFLICT", "email"]);
    expect(await api.db.user.count({ where: { username: "fresh" } })).toBe(0);
  });

  it("logs in with the right password and answers a wrong password and an unknown email alike", async () => {
    await api.signUp("login");
    const ok = await api.anonymous().users.login({ email: "login@example.test", password: "password123" });
    expect(ok.username).toBe("login");
    const wrong = await failure(api.anonymous().users.login({ email: "login@example.test", password: "nope-nope" }));
    const unknown = await failure(api.anonymous().users.login({ email: "nobody@example.test", password: "nope-nope" }));
    expect(wrong.code).toBe("UNAUTHORIZED");
    expect([unknown.code, unknown.message]).toEqual([wrong.code, wrong.message]);
  });

  it("updates profile fields, storing empty bio and image as null", async () => {
    const { api: me } = await api.signUp("editor");
    expect(await me.users.update({ bio: "I write", image: "https://img.test/a.png" })).toMatchObject({
      bio: "I write",
      image: "https://img.test/a.png",
    });
    expect(await me.users.update({ bio: "", image: null })).toMatchObject({ bio: null, image: null });
    expect(await me.users.update({ username: "editor2", email: "editor2@example.test" })).toMatchObject({
      username: "editor2",
      email: "editor2@example.test",
    });
  });

  it("refuses to take another user's username on update", async () => {
    await api.signUp("owner1");
    const { api: me } = await api.signUp("grabber");
    expect((await failure(me.users.update({ username: "owner1" }))).code).toBe("CONFLICT");
    expect((await api.db.user.findUniqueOrThrow({ where: { email: "grabber@example.test" } })).username).toBe("grabber");
  });

  it("names only the taken username when an update also sends the user's own email", async () => {
    await api.signUp("owner2");
    const { api: me } = await api.signUp("ownmail");
    const error = await failure(me.users.update({ email: "ownmail@example.test", username: "owner2" }));
    expect([error.code, fieldErrorsOf(error)]).toEqual(["CONFLICT", { username: ["has already been taken"] }]);
  });

  it("ends every other session when the password changes, and the new password works", async () => {
    const first = await api.signUp("rotator");
    const second = await api.anonymous().users.login({ email: "rotator@example.test", password: "password123" });
    await first.api.users.update({ password: "a-new-password" });
    expect(await outcome(api.caller(second.token).users.me())).toBe("UNAUTHORIZED");
    expect(await outcome(first.api.users.me())).toBe("OK");
    expect(await outcome(api.anonymous().users.login({ email: "rotator@example.test", password: "a-new-password" }))).toBe("OK");
    expect(await outcome(api.anonymous().users.login({ email: "rotator@example.test", password: "password123" }))).toBe("UNAUTHORIZED");
  });

  it("ends every other session when the address changes, as a new password does, and the address is unverified", async () => {
    const first = await api.signUp("mover");
    const second = await api.anonymous().users.login({ email: "mover@example.test", password: "password123" });
    await first.api.users.update({ email: "moved@example.test" });
    expect(await outcome(api.caller(second.token).users.me())).toBe("UNAUTHORIZED");
    expect(await api.caller(first.token).users.whoami()).toMatchObject({ email: "moved@example.test", emailVerified: false });
  });

  it("keeps the user's other sessions when a profile change leaves the password alone", async () => {
    const first = await api.signUp("keeper");
    const second = await api.anonymous().users.login({ email: "keeper@example.test", password: "password123" });
    await first.api.users.update({ bio: "still me" });
    expect(await outcome(api.caller(second.token).users.me())).toBe("OK");
  });

  it("logs out one session, or every session", async () => {
    const a = await api.signUp("leaver");
    const b = await api.anonymous().users.login({ email: "leaver@example.test", password: "password123" });
    const c = await api.anonymous().users.login({ email: "leaver@example.test", password: "password123" });
    await a.api.users.logout();
    expect(await outcome(api.caller(a.token).users.me())).toBe("UNAUTHORIZED");
    expect(await outcome(api.caller(b.token).users.me())).toBe("OK");
    expect(await api.caller(b.token).users.logoutEverywhere()).toEqual({ sessionsEnded: 2 });
    expect(await outcome(api.caller(c.token).users.me())).toBe("UNAUTHORIZED");
  });

  it("sets the session cookie on log-in and clears it on log-out", async () => {
    const jar: string[] = [];
    const cookies = { set: (token: string) => jar.push(`set:${token}`), clear: () => jar.push("clear") };
    await api.signUp("cookie");
    const user = await api.caller(null, { cookies }).users.login({ email: "cookie@example.test", password: "password123" });
    await api.caller(user.token, { cookies }).users.logout();
    expect(jar).toEqual([`set:${user.token}`, "clear"]);
  });

  it("limits failed log-ins per account: a sign-up and right passwords use none of them, and a right one starts the count again", async () => {
    const authRateLimiter = createAuthRateLimiter({ perIp: 100, perAccount: 3, windowSeconds: 60 });
    const logIn = (password: string, ip = "1.1.1.1") =>
      outcome(api.caller(null, { authRateLimiter, ip }).users.login({ email: "target@example.test", password }));
    await api
      .caller(null, { authRateLimiter })
      .users.register({ username: "target", email: "target@example.test", password: "password123" });
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push(await logIn("password123"));
    codes.push(await logIn("wrong-password"), await logIn("wrong-password"), await logIn("password123"));
    // The count started again: three failures from three addresses, then the account is held.
    for (const ip of ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4"]) codes.push(await logIn("wrong-password", ip));
    codes.push(await logIn("password123"));
    expect(codes).toEqual([
      ...Array(5).fill("OK"),
      "UNAUTHORIZED",
      "UNAUTHORIZED",
      "OK",
      "UNAUTHORIZED",
      "UNAUTHORIZED",
      "UNAUTHORIZED",
      "TOO_MANY_REQUESTS",
      "TOO_MANY_REQUESTS",
    ]);
  });

  it("limits failed log-ins per address across accounts, while right passwords from that address go on", async () => {
    await api.signUp("office");
    const perIp = createAuthRateLimiter({ perIp: 2, perAccount: 100, windowSeconds: 60 });
    const fromOneIp = (email: string, password = "wrong-password") =>
      outcome(api.caller(null, { authRateLimiter: perIp, ip: "9.9.9.9" }).users.login({ email, password }));
    const successes = [];
    for (let i = 0; i < 4; i++) successes.push(await fromOneIp("office@example.test", "password123"));
    expect(successes).toEqual(["OK", "OK", "OK", "OK"]);
    expect([await fromOneIp("a@x.test"), await fromOneIp("b@x.test"), await fromOneIp("c@x.test")]).toEqual([
      "UNAUTHORIZED",
      "UNAUTHORIZED",
      "TOO_MANY_REQUESTS",
    ]);
    // A right password does not clear the address's failures: one account of one's own cannot wipe guesses at others.
    expect(await fromOneIp("office@example.test", "password123")).toBe("TOO_MANY_REQUESTS");
  });

  it("limits registrations per address on a count of their own", async () => {
    const limiter = createAuthRateLimiter({ perIp: 2, perAccount: 100, windowSeconds: 60 });
    const register = (name: string) =>
      outcome(
        api
          .caller(null, { authRateLimiter: limiter, ip: "7.7.7.7" })
          .users.register({ username: name, email: `${name}@x.test`, password: "password123" }),
      );
    expect([await register("reg1"), await register("reg2"), await register("reg3")]).toEqual(["OK", "OK", "TOO_MANY_REQUESTS"]);
    // Log-ins from that address are not held back by its registrations.
    expect(
      await outcome(
        api.caller(null, { authRateLimiter: limiter, ip: "7.7.7.7" }).users.login({ email: "reg1@x.test", password: "password123" }),
      ),
    ).toBe("OK");
  });

  it("answers UNAUTHORIZED to a caller with no token or a bad one", async () => {
    expect(await outcome(api.anonymous().users.me())).toBe("UNAUTHORIZED");
    expect(await outcome(api.caller("not-a-token").users.me())).toBe("UNAUTHORIZED");
  });
});

describe("log-in limits when PostgreSQL does not answer the limiter", () => {
  it("still limit attempts, counting in this process", async () => {
    // A pool whose every query fails, as when the database is down or the connection is refused.
    const failing = { query: () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:5432")) } as unknown as NonNullable<
      Parameters<typeof createAuthRateLimiter>[1]
    >;
    const limiter = createAuthRateLimiter({ perIp: 100, perAccount: 2, windowSeconds: 60 }, failing);
    const codes: string[] = [];
    const wrongPassword = async () => false;
    for (let i = 0; i < 3; i++)
      codes.push(
        await limiter.logIn("10.0.0.1", "who@x.test", wrongPassword).then(
          () => "tried",
          (e: { code?: string }) => e.code ?? String(e),
        ),
      );
    expect(codes).toEqual(["tried", "tried", "TOO_MANY_REQUESTS"]);
  });
});
