import { afterAll, describe, expect, it } from "vitest";
import { seed } from "../src/seed/seed.ts";
import type { Db } from "../src/client.ts";
import { createTestDatabase, testProviders, type TestDatabase } from "../src/testing/index.ts";

const providers = await testProviders();
const cleanup: TestDatabase[] = [];
afterAll(async () => Promise.all(cleanup.map((d) => d.drop())));

async function fingerprint(db: Db) {
  const articles = await db.article.findMany({
    orderBy: { slug: "asc" },
    select: {
      slug: true,
      title: true,
      body: true,
      createdAt: true,
      author: { select: { username: true } },
      tags: { orderBy: { position: "asc" }, select: { tag: { select: { name: true } } } },
      _count: { select: { favorites: true, comments: true } },
    },
  });
  const follows = await db.follow.findMany({
    select: { follower: { select: { username: true } }, followed: { select: { username: true } } },
  });
  return { articles, follows: follows.map((f) => `${f.follower.username}->${f.followed.username}`).sort() };
}

describe.each(providers)("the seed on %s", (provider) => {
  it("writes the same users, follows, articles, tags, favorites and comments on every database", async () => {
    const [a, b] = await Promise.all([createTestDatabase(provider), createTestDatabase(provider)]);
    cleanup.push(a, b);
    await seed(a.db, { articles: 120, passwordHash: "x" });
    await seed(b.db, { articles: 120, passwordHash: "x" });
    const first = await fingerprint(a.db);
    expect(first.articles).toHaveLength(120);
    expect(first.follows.length).toBeGreaterThan(0);
    expect(first.articles.some((x) => x._count.favorites > 0 && x._count.comments > 0)).toBe(true);
    expect(await fingerprint(b.db)).toEqual(first);
  });

  it("has every user follow the next three, across batch boundaries too", async () => {
    const database = await createTestDatabase(provider);
    cleanup.push(database);
    await seed(database.db, { articles: 240, passwordHash: "x", batchSize: 5 });
    const users = await database.db.user.findMany({ select: { username: true, _count: { select: { following: true } } } });
    expect(users).toHaveLength(12);
    expect(users.map((u) => u._count.following)).toEqual(Array(12).fill(3));
  });

  it("adds nothing when run again, and grows the same data set when asked for more", async () => {
    const database = await createTestDatabase(provider);
    cleanup.push(database);
    await seed(database.db, { articles: 50, passwordHash: "x" });
    const again = await seed(database.db, { articles: 50, passwordHash: "x" });
    expect(again.created).toBe(0);
    expect(await database.db.article.count()).toBe(50);
    const grown = await seed(database.db, { articles: 80, passwordHash: "x" });
    expect(grown.created).toBe(30);

    const fresh = await createTestDatabase(provider);
    cleanup.push(fresh);
    await seed(fresh.db, { articles: 80, passwordHash: "x" });
    expect((await fingerprint(database.db)).articles.map((x) => x.slug)).toEqual((await fingerprint(fresh.db)).articles.map((x) => x.slug));
  });
});
