import { afterEach, describe, expect, it } from "vitest";
import { testProviders } from "@conduit/db/testing";
import { createLive, type Live } from "../src/shared/live-hub.ts";
import { failure, grantRole, outcome, useApi } from "./harness.ts";

describe.each(await testProviders())("moderation and roles on %s", (provider) => {
  const api = useApi(provider);
  let live: Live | undefined;
  afterEach(() => live?.close());
  const login = (email: string, password = "password123") => outcome(api.anonymous().users.login({ email, password }));

  it("a moderator's ban ends the account's sessions and live stream and refuses its log-in, saying so only to whoever knows the password; its articles stay; unbanning lets it in again", async () => {
    const moderator = await api.signUp("warden");
    await grantRole(api.db, "warden", "moderator");
    const spammer = await api.signUp("spammer");
    const { slug } = await spammer.api.articles.create({ title: "Buy now", description: "d", body: "b" });
    live = createLive(api.db, { sessionCheckMs: 60_000 });
    const stream = (await api.caller(spammer.token, { live }).live.events({}))[Symbol.asyncIterator]();
    expect(((await stream.next()).value as [string, { type: string }])[1]).toEqual({ type: "ready" });
    const pending = stream.next();
    pending.catch(() => {});

    expect(await moderator.api.moderation.ban({ username: "spammer" })).toEqual({ banned: true, sessionsEnded: 1 });
    await expect(pending).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await outcome(api.caller(spammer.token).users.me())).toBe("UNAUTHORIZED");
    const refused = await failure(api.anonymous().users.login({ email: spammer.email, password: "password123" }));
    expect([refused.code, refused.message]).toEqual(["FORBIDDEN", "account is banned"]);
    expect(await login(spammer.email, "not-the-password")).toBe("UNAUTHORIZED");
    expect((await api.anonymous().articles.get({ slug })).title).toBe("Buy now");

    await moderator.api.moderation.unban({ username: "spammer" });
    expect(await login(spammer.email)).toBe("OK");
    const recorded = await api.db.auditEvent.findMany({
      where: { action: { in: ["user.banned", "user.unbanned"] } },
      orderBy: { id: "asc" },
    });
    expect(recorded.map((r) => r.action)).toEqual(["user.banned", "user.unbanned"]);
  });

  it("refuses a ban by a member, and a moderator's ban of themself, changing nothing", async () => {
    const member = await api.signUp("vigilante");
    const target = await api.signUp("target");
    expect(await outcome(member.api.moderation.ban({ username: "target" }))).toBe("FORBIDDEN");
    // The same for an account that does not exist: a member learns nothing of who does.
    expect(await outcome(member.api.moderation.ban({ username: "nobody-by-this-name" }))).toBe("FORBIDDEN");
    expect(await outcome(member.api.roles.of({ username: "nobody-by-this-name" }))).toBe("FORBIDDEN");
    expect(await login(target.email)).toBe("OK");
    const moderator = await api.signUp("selfish");
    await grantRole(api.db, "selfish", "moderator");
    expect(await outcome(moderator.api.moderation.ban({ username: "selfish" }))).toBe("BAD_REQUEST");
    expect((await api.db.user.findUniqueOrThrow({ where: { username: "selfish" } })).bannedAt).toBeNull();
  });

  it("shows moderators the newest articles and comments and the banned accounts, newest ban first; members are refused", async () => {
    const author = await api.signUp("prolific");
    const { slug } = await author.api.articles.create({ title: "Fresh", description: "d", body: "b" });
    const { id } = await author.api.comments.add({ slug, body: "x".repeat(300) });
    const moderator = await api.signUp("watcher");
    await grantRole(api.db, "watcher", "moderator");
    const [early, late] = [await api.signUp("early"), await api.signUp("late")];
    await moderator.api.moderation.ban({ username: early.username });
    await moderator.api.moderation.ban({ username: late.username });
    const recent = await moderator.api.moderation.recent();
    expect(recent.articles[0]).toMatchObject({ slug, title: "Fresh", author: "prolific" });
    expect(recent.comments[0]).toMatchObject({ id, slug, author: "prolific", excerpt: "x".repeat(200) });
    expect(recent.banned.map((b) => b.username).slice(0, 2)).toEqual(["late", "early"]);
    expect(await outcome(author.api.moderation.recent())).toBe("FORBIDDEN");
  });

  it("lets an admin see, grant and revoke roles, effective on the grantee's next request, but never remove the last admin", async () => {
    const admin = await api.signUp("root");
    await grantRole(api.db, "root", "admin");
    const helper = await api.signUp("helper");
    const author = await api.signUp("writer");
    const { slug } = await author.api.articles.create({ title: "Off topic", description: "d", body: "b" });
    expect(await outcome(helper.api.articles.delete({ slug }))).toBe("FORBIDDEN");
    expect(await admin.api.roles.of({ username: "helper" })).toEqual({ roles: ["user"] });
    expect(await admin.api.roles.grant({ username: "helper", role: "moderator" })).toEqual({ roles: ["moderator", "user"] });
    expect(await admin.api.roles.of({ username: "helper" })).toEqual({ roles: ["moderator", "user"] });
    expect(await outcome(admin.api.roles.of({ username: "nobody-here" }))).toBe("NOT_FOUND");
    expect(await outcome(helper.api.roles.grant({ username: "writer", role: "moderator" }))).toBe("FORBIDDEN");
    // Only admins see roles: a moderator may not.
    expect(await outcome(api.caller(helper.token).roles.of({ username: "writer" }))).toBe("FORBIDDEN");
    // A context is one request: the next one loads the new role with the session.
    expect(await outcome(api.caller(helper.token).articles.delete({ slug }))).toBe("OK");
    expect(await admin.api.roles.revoke({ username: "helper", role: "moderator" })).toEqual({ roles: ["user"] });

    const last = await failure(admin.api.roles.revoke({ username: "root", role: "admin" }));
    expect([last.code, last.message]).toEqual(["CONFLICT", "role the last admin cannot be removed"]);
    await admin.api.roles.grant({ username: "helper", role: "admin" });
    // Two admins removing each other at once: one wins, one admin is left.
    const results = await Promise.all([
      outcome(admin.api.roles.revoke({ username: "helper", role: "admin" })),
      outcome(api.caller(helper.token).roles.revoke({ username: "root", role: "admin" })),
    ]);
    expect(results.filter((r) => r === "OK").length).toBeGreaterThanOrEqual(1);
    expect(await api.db.userRole.count({ where: { role: { name: "admin" } } })).toBe(1);
  });
});
