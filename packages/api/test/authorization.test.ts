import { describe, expect, it } from "vitest";
import { testProviders } from "@conduit/db/testing";
import { grantRole, outcome, useApi, type Caller } from "./harness.ts";

type Who = "anonymous" | "another user" | "owner" | "moderator" | "admin";
const everyone: Who[] = ["anonymous", "another user", "owner", "moderator", "admin"];

/** Every write, called by each kind of caller: what each one gets. */
const matrix: { write: string; expected: Record<Who, string>; run: (as: Caller, slug: string, commentId: number) => Promise<unknown> }[] = [
  {
    write: "articles.create",
    expected: { anonymous: "UNAUTHORIZED", "another user": "OK", owner: "OK", moderator: "OK", admin: "OK" },
    run: (c) => c.articles.create({ title: "t", description: "d", body: "b" }),
  },
  {
    write: "articles.update",
    expected: { anonymous: "UNAUTHORIZED", "another user": "FORBIDDEN", owner: "OK", moderator: "OK", admin: "OK" },
    run: (c, slug) => c.articles.update({ slug, body: "changed" }),
  },
  {
    write: "articles.favorite",
    expected: { anonymous: "UNAUTHORIZED", "another user": "OK", owner: "OK", moderator: "OK", admin: "OK" },
    run: (c, slug) => c.articles.favorite({ slug }),
  },
  {
    write: "articles.unfavorite",
    expected: { anonymous: "UNAUTHORIZED", "another user": "OK", owner: "OK", moderator: "OK", admin: "OK" },
    run: (c, slug) => c.articles.unfavorite({ slug }),
  },
  {
    write: "comments.add",
    expected: { anonymous: "UNAUTHORIZED", "another user": "OK", owner: "OK", moderator: "OK", admin: "OK" },
    run: (c, slug) => c.comments.add({ slug, body: "hi" }),
  },
  {
    write: "comments.delete",
    expected: { anonymous: "UNAUTHORIZED", "another user": "FORBIDDEN", owner: "OK", moderator: "OK", admin: "OK" },
    run: (c, slug, id) => c.comments.delete({ slug, id }),
  },
  {
    write: "profiles.follow",
    expected: { anonymous: "UNAUTHORIZED", "another user": "OK", owner: "BAD_REQUEST", moderator: "OK", admin: "OK" },
    run: (c) => c.profiles.follow({ username: "owner" }),
  },
  {
    write: "profiles.unfollow",
    expected: { anonymous: "UNAUTHORIZED", "another user": "OK", owner: "OK", moderator: "OK", admin: "OK" },
    run: (c) => c.profiles.unfollow({ username: "owner" }),
  },
  {
    write: "users.update",
    expected: { anonymous: "UNAUTHORIZED", "another user": "OK", owner: "OK", moderator: "OK", admin: "OK" },
    run: (c) => c.users.update({ bio: "bio" }),
  },
  {
    write: "articles.delete",
    expected: { anonymous: "UNAUTHORIZED", "another user": "FORBIDDEN", owner: "OK", moderator: "OK", admin: "OK" },
    run: (c, slug) => c.articles.delete({ slug }),
  },
];

/** Everything a write could change, as one comparable text. */
async function snapshot(db: ReturnType<typeof useApi>["db"]): Promise<string> {
  const [articles, comments, favorites, follows, users, tags] = await Promise.all([
    db.article.findMany({ orderBy: { id: "asc" }, include: { tags: true } }),
    db.comment.findMany({ orderBy: { id: "asc" } }),
    db.favorite.findMany({ orderBy: [{ userId: "asc" }, { articleId: "asc" }] }),
    db.follow.findMany({ orderBy: [{ followerId: "asc" }, { followedId: "asc" }] }),
    db.user.findMany({
      orderBy: { id: "asc" },
      select: { id: true, email: true, username: true, bio: true, image: true, passwordHash: true },
    }),
    db.tag.findMany({ orderBy: { id: "asc" } }),
  ]);
  return JSON.stringify({ articles, comments, favorites, follows, users, tags });
}

describe.each(await testProviders())("authorization of every write on %s", (provider) => {
  const api = useApi(provider);

  it("answers each role as its permissions say (anonymous 401; members only on what they own; moderators and admins on anyone's articles and comments), and a refused write changes nothing", async () => {
    const owner = await api.signUp("owner");
    const other = await api.signUp("other");
    const moderator = await api.signUp("moderator");
    const admin = await api.signUp("admin");
    await grantRole(api.db, moderator.username, "moderator");
    await grantRole(api.db, admin.username, "admin");
    const callers: Record<Who, Caller> = {
      anonymous: api.anonymous(),
      "another user": other.api,
      owner: owner.api,
      moderator: moderator.api,
      admin: admin.api,
    };

    const results: Record<string, Record<Who, string>> = {};
    let n = 0;
    for (const { write, run } of matrix) {
      results[write] = {} as Record<Who, string>;
      for (const who of everyone) {
        // A fresh article and comment of the owner's for every case, so that cases do not meet.
        const { slug } = await owner.api.articles.create({ title: `Owned ${++n}`, description: "d", body: "original" });
        const { id: commentId } = await owner.api.comments.add({ slug, body: "owned comment" });
        const before = await snapshot(api.db);
        results[write][who] = await outcome(run(callers[who], slug, commentId));
        if (results[write][who] !== "OK") expect(await snapshot(api.db), `${who} refused ${write}`).toBe(before);
      }
    }
    expect(results).toEqual(Object.fromEntries(matrix.map((m) => [m.write, m.expected])));
  });
});
