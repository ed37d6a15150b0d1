import { describe, expect, it } from "vitest";
import { testProviders } from "@conduit/db/testing";
import { outcome, useApi } from "./harness.ts";

/**
 * Two writes on one row at the same moment (a double click, a client's retry, two tabs) get the
 * answers some sequential order of them would give, never a server error, and leave nothing
 * half-done. SQLite serialises writers in one process; PostgreSQL is where these races are real.
 */
describe.each(await testProviders())("writes racing on one row, on %s", (provider) => {
  const api = useApi(provider);
  const rounds = 8;
  const at = (n: number) => Array.from({ length: n }, (_, i) => i);
  const sorted = (answers: string[]) => [...answers].sort();

  async function eventsOf(articleId: number) {
    return (await api.db.event.findMany({ where: { articleId }, orderBy: { id: "asc" }, select: { kind: true } })).map((e) => e.kind);
  }

  async function articleFor(author: Awaited<ReturnType<typeof api.signUp>>, title: string) {
    const { slug } = await author.api.articles.create({ title, description: "d", body: "b", tagList: ["racing"] });
    const { id } = await api.db.article.findUniqueOrThrow({ where: { slug }, select: { id: true } });
    return { slug, id };
  }

  it("deletes an article once when six deletes of it arrive together: one succeeds, the rest are told it is not found", async () => {
    const author = await api.signUp();
    for (let round = 0; round < rounds; round++) {
      const { slug, id } = await articleFor(author, `Deleted together ${round}`);
      const answers = await Promise.all(at(6).map(() => outcome(author.api.articles.delete({ slug }))));
      expect(sorted(answers)).toEqual(["NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "OK"]);
      expect(await eventsOf(id)).toEqual(["article.published", "article.deleted"]);
    }
    expect(
      await api.db.article.count({
        where: { authorId: (await api.db.user.findUniqueOrThrow({ where: { username: author.username } })).id },
      }),
    ).toBe(0);
  });

  it("answers an edit racing the article's deletion with the article or NOT_FOUND, and the deletion always wins in the end", async () => {
    const author = await api.signUp();
    for (let round = 0; round < rounds; round++) {
      const { slug, id } = await articleFor(author, `Edited while deleted ${round}`);
      const [edit, deletion] = await Promise.all([
        outcome(author.api.articles.update({ slug, body: "new body", tagList: ["edited"] })),
        outcome(author.api.articles.delete({ slug })),
      ]);
      expect(deletion).toBe("OK");
      expect(["OK", "NOT_FOUND"]).toContain(edit);
      expect(await api.db.article.findUnique({ where: { id } })).toBeNull();
      expect(await api.db.articleTag.count({ where: { articleId: id } })).toBe(0);
      // In a sequential order: the edit's event, if it happened at all, comes before the deletion's.
      const events = await eventsOf(id);
      expect(events.at(-1)).toBe("article.deleted");
      expect(events.filter((kind) => kind === "article.deleted")).toHaveLength(1);
    }
  });

  it("answers favorites, unfavorites and comments racing the article's deletion with OK or NOT_FOUND, leaving no row behind", async () => {
    const author = await api.signUp();
    const reader = await api.signUp();
    for (let round = 0; round < rounds; round++) {
      const { slug, id } = await articleFor(author, `Liked while deleted ${round}`);
      await reader.api.articles.favorite({ slug });
      const [deletion, ...others] = await Promise.all([
        outcome(author.api.articles.delete({ slug })),
        outcome(reader.api.articles.unfavorite({ slug })),
        outcome(reader.api.articles.favorite({ slug })),
        outcome(reader.api.comments.add({ slug, body: "late" })),
      ]);
      expect(deletion).toBe("OK");
      for (const answer of others) expect(["OK", "NOT_FOUND"]).toContain(answer);
      expect(await api.db.favorite.count({ where: { articleId: id } })).toBe(0);
      expect(await api.db.comment.count({ where: { articleId: id } })).toBe(0);
      expect((await eventsOf(id)).at(-1)).toBe("article.deleted");
    }
  });

  it("deletes a comment once when its deletes race each other or the article's deletion", async () => {
    const author = await api.signUp();
    const reader = await api.signUp();
    for (let round = 0; round < rounds; round++) {
      const { slug, id } = await articleFor(author, `Commented ${round}`);
      const first = await reader.api.comments.add({ slug, body: "once" });
      const twice = await Promise.all(at(4).map(() => outcome(reader.api.comments.delete({ slug, id: first.id }))));
      expect(sorted(twice)).toEqual(["NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "OK"]);
      expect((await eventsOf(id)).filter((kind) => kind === "comment.deleted")).toHaveLength(1);

      const second = await reader.api.comments.add({ slug, body: "again" });
      const [commentDeletion, articleDeletion] = await Promise.all([
        outcome(reader.api.comments.delete({ slug, id: second.id })),
        outcome(author.api.articles.delete({ slug })),
      ]);
      expect(articleDeletion).toBe("OK");
      expect(["OK", "NOT_FOUND"]).toContain(commentDeletion);
      expect(await api.db.comment.count({ where: { articleId: id } })).toBe(0);
      expect((await eventsOf(id)).at(-1)).toBe("article.deleted");
    }
  });

  it("leaves a follow and its events agreeing when follows and unfollows of one profile race", async () => {
    const followed = await api.signUp();
    const fan = await api.signUp();
    const fanId = (await api.db.user.findUniqueOrThrow({ where: { username: fan.username } })).id;
    for (let round = 0; round < rounds; round++) {
      const answers = await Promise.all(
        at(6).map((i) =>
          outcome(
            i % 2 ? fan.api.profiles.unfollow({ username: followed.username }) : fan.api.profiles.follow({ username: followed.username }),
          ),
        ),
      );
      expect(answers).toEqual(at(6).map(() => "OK"));
      const follows = await api.db.follow.count({ where: { followerId: fanId } });
      const last = await api.db.event.findFirst({
        where: { userId: fanId, kind: { startsWith: "user." } },
        orderBy: { id: "desc" },
        select: { kind: true },
      });
      // The last event says what the table holds.
      expect(follows === 1 ? "user.followed" : "user.unfollowed").toBe(last?.kind ?? "user.unfollowed");
    }
  });
});
