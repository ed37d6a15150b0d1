import { describe, expect, it } from "vitest";
import { testProviders } from "@conduit/db/testing";
import { failure, grantRole, outcome, useApi } from "./harness.ts";

type Api = ReturnType<typeof useApi>;

/** Makes the database refuse any insert into `table`, as a failing statement late in a transaction would. */
async function plantFailure(api: Api, provider: string, table: string): Promise<() => Promise<void>> {
  if (provider === "sqlite") {
    await api.db.$executeRawUnsafe(
      `CREATE TRIGGER planted_failure BEFORE INSERT ON "${table}" BEGIN SELECT RAISE(ABORT, 'planted failure'); END`,
    );
    return async () => void (await api.db.$executeRawUnsafe(`DROP TRIGGER planted_failure`));
  }
  await api.db.$executeRawUnsafe(
    `CREATE FUNCTION planted_failure() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'planted failure'; END; $$ LANGUAGE plpgsql`,
  );
  await api.db.$executeRawUnsafe(
    `CREATE TRIGGER planted_failure BEFORE INSERT ON "${table}" FOR EACH ROW EXECUTE FUNCTION planted_failure()`,
  );
  return async () => {
    await api.db.$executeRawUnsafe(`DROP TRIGGER planted_failure ON "${table}"`);
    await api.db.$executeRawUnsafe(`DROP FUNCTION planted_failure()`);
  };
}

describe.each(await testProviders())("the audit log on %s", (provider) => {
  const api = useApi(provider);
  const from = { ip: "203.0.113.9", userAgent: "AuditTest/1.0", requestId: "req-audit-1" };
  const rows = (where: Parameters<Api["db"]["auditEvent"]["findMany"]>[0] = {}) =>
    api.db.auditEvent.findMany({ orderBy: { id: "asc" }, ...where });

  it("records an account's life: sign-up, failed and successful log-ins, password and email changes, log-out and log out everywhere", async () => {
    const visitor = api.caller(null, from);
    const { token } = await visitor.users.register({ username: "audited", email: "audited@example.test", password: "first-password-1" });
    await outcome(visitor.users.login({ email: "audited@example.test", password: "wrong-password-9" }));
    await outcome(visitor.users.login({ email: "nobody@example.test", password: "wrong-password-9" }));
    const second = await visitor.users.login({ email: "audited@example.test", password: "first-password-1" });
    const me = api.caller(token, from);
    await api.caller(second.token, from).users.logout();
    await me.users.update({ password: "second-password-2" });
    await me.users.update({ email: "renamed@example.test" });
    await me.users.logoutEverywhere();
    const user = await api.db.user.findUniqueOrThrow({ where: { username: "audited" } });
    const recorded = await rows({ where: { OR: [{ actorId: user.id }, { action: "session.login_failed" }] } });
    expect(recorded.map((r) => [r.action, r.outcome, r.actorId])).toEqual([
      ["account.registered", "success", user.id],
      ["session.login_failed", "failure", user.id],
      ["session.login_failed", "failure", null],
      ["session.logged_in", "success", user.id],
      ["session.logged_out", "success", user.id],
      ["account.password_changed", "success", user.id],
      ["account.email_changed", "success", user.id],
      ["session.logged_out_everywhere", "success", user.id],
    ]);
    expect(recorded.every((r) => r.ip === from.ip && r.userAgent === from.userAgent && r.requestId === from.requestId)).toBe(true);
    expect(JSON.parse(recorded[2]!.details)).toEqual({ email: "nobody@example.test" });
    expect(JSON.parse(recorded[6]!.details)).toEqual({ from: "audited@example.test", to: "renamed@example.test" });

    // Nothing stored anywhere in the log holds a password or a token it saw.
    const everything = JSON.stringify(await rows());
    for (const secret of ["first-password-1", "second-password-2", "wrong-password-9", token, second.token, token.split(".")[1]!])
      expect(everything).not.toContain(secret);
  });

  it("records a moderator's removal of someone else's article and comment, and a member's refused attempt, which changed nothing", async () => {
    const author = await api.signUp("author");
    const member = await api.signUp("bystander");
    const moderator = await api.signUp("mod");
    await grantRole(api.db, "mod", "moderator");
    const { slug } = await author.api.articles.create({ title: "Spam", description: "d", body: "b" });
    const { id } = await author.api.comments.add({ slug, body: "more spam" });

    expect((await failure(member.api.comments.delete({ slug, id }))).code).toBe("FORBIDDEN");
    expect(await api.db.comment.count({ where: { id } })).toBe(1);
    await moderator.api.comments.delete({ slug, id });
    await moderator.api.articles.delete({ slug });
    const memberId = (await api.db.user.findUniqueOrThrow({ where: { username: "bystander" } })).id;
    const modId = (await api.db.user.findUniqueOrThrow({ where: { username: "mod" } })).id;
    const authorId = (await api.db.user.findUniqueOrThrow({ where: { username: "author" } })).id;
    const recorded = await rows({ where: { action: { in: ["permission.denied", "comment.deleted", "article.deleted"] } } });
    expect(
      recorded.map((r) => ({
        action: r.action,
        actor: r.actorId,
        outcome: r.outcome,
        target: `${r.targetType}:${r.targetId}`,
        details: JSON.parse(r.details) as unknown,
      })),
    ).toEqual([
      {
        action: "permission.denied",
        actor: memberId,
        outcome: "denied",
        target: `comment:${id}`,
        details: { permission: "delete:comment" },
      },
      {
        action: "comment.deleted",
        actor: modId,
        outcome: "success",
        target: `comment:${id}`,
        details: { access: "any", authorId, article: slug },
      },
      { action: "article.deleted", actor: modId, outcome: "success", target: `article:${slug}`, details: { access: "any", authorId } },
    ]);
    // An author deleting their own work uses no `:any` permission: nothing to record.
    const own = await author.api.articles.create({ title: "Mine", description: "d", body: "b" });
    await author.api.articles.delete({ slug: own.slug });
    expect(await api.db.auditEvent.count({ where: { action: "article.deleted", targetId: own.slug } })).toBe(0);
  });

  it("is written in the change's transaction: when the change fails after its record was written, neither stays", async () => {
    const author = await api.signUp("author2");
    const moderator = await api.signUp("mod2");
    await grantRole(api.db, "mod2", "moderator");
    const { slug } = await author.api.articles.create({ title: "Kept", description: "d", body: "b" });
    const { id } = await author.api.comments.add({ slug, body: "kept comment" });
    // The comment's live event is the transaction's last statement, after the audit record.
    const removeFailure = await plantFailure(api, provider, "events");
    try {
      await expect(moderator.api.comments.delete({ slug, id })).rejects.toThrow();
    } finally {
      await removeFailure();
    }
    expect(await api.db.comment.count({ where: { id } })).toBe(1);
    expect(await api.db.auditEvent.count({ where: { action: "comment.deleted", targetId: String(id) } })).toBe(0);
    // And when the record cannot be written, the change does not happen.
    const noAudit = await plantFailure(api, provider, "AuditEvent");
    try {
      await expect(
        api.anonymous().users.register({ username: "unrecorded", email: "unrecorded@example.test", password: "password123" }),
      ).rejects.toThrow();
    } finally {
      await noAudit();
    }
    expect(await api.db.user.count({ where: { username: "unrecorded" } })).toBe(0);
  });

  it("refuses to edit a record: the database itself keeps the log append-only", async () => {
    await api.signUp("immutable");
    await expect(api.db.auditEvent.updateMany({ data: { action: "forged" } })).rejects.toThrow(/append-only/);
  });

  it("is read by moderators, newest first, filtered and paged; a member is refused", async () => {
    const moderator = await api.signUp("reader-mod");
    await grantRole(api.db, "reader-mod", "moderator");
    const member = await api.signUp("curious");
    expect((await failure(member.api.audit.list({}))).code).toBe("FORBIDDEN");
    const mine = await moderator.api.audit.list({ actor: "curious" });
    expect(mine.events.map((e) => e.action)).toEqual(["permission.denied", "account.registered"]);
    expect(mine.events[0]).toMatchObject({ actor: "curious", outcome: "denied", details: { permission: "read:audit" } });
    const first = await moderator.api.audit.list({ action: "account.registered", limit: 2 });
    expect(first.events).toHaveLength(2);
    const next = await moderator.api.audit.list({ action: "account.registered", limit: 2, before: first.nextBefore! });
    expect(next.events[0]!.id).toBeLessThan(first.events[1]!.id);
    expect(new Set([...first.events, ...next.events].map((e) => e.action))).toEqual(new Set(["account.registered"]));
  });
});
