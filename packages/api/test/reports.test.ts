import { describe, expect, it } from "vitest";
import { testProviders } from "@conduit/db/testing";
import { failure, grantRole, outcome, useApi } from "./harness.ts";

describe.each(await testProviders())("reports on %s", (provider) => {
  const api = useApi(provider);

  async function scene(prefix: string) {
    const author = await api.signUp(`${prefix}-author`);
    const [first, second] = [await api.signUp(`${prefix}-first`), await api.signUp(`${prefix}-second`)];
    const moderator = await api.signUp(`${prefix}-mod`);
    await grantRole(api.db, moderator.username, "moderator");
    const { slug } = await author.api.articles.create({ title: `${prefix} spam`, description: "d", body: "b" });
    const { id: commentId } = await author.api.comments.add({ slug, body: "buy now" });
    return { author, first, second, moderator, slug, commentId };
  }
  const statuses = (targetType: string) =>
    api.db.report.findMany({ where: { targetType }, orderBy: { id: "asc" }, select: { status: true } });

  it("takes a member's report of an article or a comment once each, never of their own content, and shows moderators the open ones newest first", async () => {
    const { author, first, moderator, slug, commentId } = await scene("a");
    expect(await first.api.reports.create({ target: { article: slug }, reason: "spam" })).toEqual({ reported: true });
    await first.api.reports.create({ target: { comment: { slug, id: commentId } }, reason: "advertising" });
    const twice = await failure(first.api.reports.create({ target: { article: slug }, reason: "still spam" }));
    expect([twice.code, twice.message]).toEqual(["CONFLICT", "report you have already reported this"]);
    expect(await outcome(author.api.reports.create({ target: { article: slug }, reason: "mine" }))).toBe("BAD_REQUEST");
    expect(await outcome(first.api.reports.create({ target: { article: "no-such-article" }, reason: "x" }))).toBe("NOT_FOUND");

    expect(await outcome(first.api.reports.list({}))).toBe("FORBIDDEN");
    const { reports } = await moderator.api.reports.list({});
    expect(reports.map((r) => [r.target.type, r.author, r.reporter, r.reason, r.content])).toEqual([
      ["comment", "a-author", "a-first", "advertising", { slug, excerpt: "buy now" }],
      ["article", "a-author", "a-first", "spam", { slug, excerpt: "a spam" }],
    ]);
    // Content its author deleted meanwhile is shown as gone.
    await author.api.comments.delete({ slug, id: commentId });
    expect((await moderator.api.reports.list({})).reports[0]!.content).toBeNull();
  });

  it("resolves by removal: the content goes, every open report of it is resolved, and both are in the audit log", async () => {
    const { first, second, moderator, slug } = await scene("b");
    await first.api.reports.create({ target: { article: slug }, reason: "spam" });
    await second.api.reports.create({ target: { article: slug }, reason: "scam" });
    const [report] = (await moderator.api.reports.list({})).reports;
    expect(await moderator.api.reports.resolve({ id: report!.id, action: "remove" })).toEqual({ resolved: 2 });
    expect(await outcome(api.anonymous().articles.get({ slug }))).toBe("NOT_FOUND");
    expect((await statuses("article")).map((r) => r.status)).toEqual(expect.arrayContaining(["removed", "removed"]));
    expect((await moderator.api.reports.list({})).reports.filter((r) => r.author === "b-author")).toEqual([]);
    expect(await outcome(moderator.api.reports.resolve({ id: report!.id, action: "dismiss" }))).toBe("CONFLICT");
    const actions = (
      await api.db.auditEvent.findMany({
        where: {
          action: { in: ["article.deleted", "report.resolved"] },
          targetId: { in: [slug, String((await api.db.report.findUniqueOrThrow({ where: { id: report!.id } })).targetId)] },
        },
      })
    ).map((e) => e.action);
    expect(actions.sort()).toEqual(["article.deleted", "report.resolved"]);
  });

  it("resolves by banning the author, whose content stays, or by dismissing, which changes nothing else", async () => {
    const { author, first, moderator, slug, commentId } = await scene("c");
    await first.api.reports.create({ target: { comment: { slug, id: commentId } }, reason: "abuse" });
    const [report] = (await moderator.api.reports.list({})).reports;
    await moderator.api.reports.resolve({ id: report!.id, action: "ban" });
    expect(await outcome(api.anonymous().users.login({ email: author.email, password: "password123" }))).toBe("FORBIDDEN");
    expect((await api.anonymous().comments.list({ slug })).map((c) => c.body)).toEqual(["buy now"]);
    await moderator.api.moderation.unban({ username: author.username });

    const other = await api.signUp("c-reporter");
    await other.api.reports.create({ target: { article: slug }, reason: "meh" });
    const [open] = (await moderator.api.reports.list({})).reports;
    await moderator.api.reports.resolve({ id: open!.id, action: "dismiss" });
    expect((await api.anonymous().articles.get({ slug })).slug).toBe(slug);
    expect((await api.db.report.findUniqueOrThrow({ where: { id: open!.id } })).status).toBe("dismissed");
  });
});
