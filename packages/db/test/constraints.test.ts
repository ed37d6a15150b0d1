import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isForeignKeyViolation, isUniqueViolation } from "../src/errors.ts";
import { createTestDatabase, testProviders, type TestDatabase } from "../src/testing/index.ts";

const providers = await testProviders();

describe.each(providers)("database constraints on %s", (provider) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
  });
  afterAll(() => database.drop());

  const user = (n: string) => ({ email: `${n}@x.test`, username: n, passwordHash: "h" });

  it("refuse a second user with the same email or username", async () => {
    const { db } = database;
    await db.user.create({ data: user("ann") });
    const sameEmail = await db.user.create({ data: { ...user("ann2"), email: "ann@x.test" } }).catch((e) => e);
    const sameName = await db.user.create({ data: { ...user("ann"), email: "other@x.test" } }).catch((e) => e);
    expect(isUniqueViolation(sameEmail)).toBe(true);
    expect(isUniqueViolation(sameName)).toBe(true);
    expect(await db.user.count()).toBe(1);
  });

  it("refuse favoriting the same article twice", async () => {
    const { db } = database;
    const author = await db.user.create({ data: user("bob") });
    const article = await db.article.create({ data: { slug: "a", title: "A", description: "d", body: "b", authorId: author.id } });
    await db.favorite.create({ data: { userId: author.id, articleId: article.id } });
    const twice = await db.favorite.create({ data: { userId: author.id, articleId: article.id } }).catch((e) => e);
    expect(isUniqueViolation(twice)).toBe(true);
    expect(await db.favorite.count({ where: { articleId: article.id } })).toBe(1);
  });

  it("refuse a comment on an article that does not exist", async () => {
    const { db } = database;
    const author = await db.user.create({ data: user("cy") });
    const orphan = await db.comment.create({ data: { body: "hi", articleId: 999_999, authorId: author.id } }).catch((e) => e);
    expect(isForeignKeyViolation(orphan)).toBe(true);
    expect(await db.comment.count()).toBe(0);
  });

  it("delete an article's tags, favorites and comments with it", async () => {
    const { db } = database;
    const author = await db.user.create({ data: user("dee") });
    const tag = await db.tag.create({ data: { name: "t-dee" } });
    const article = await db.article.create({
      data: {
        slug: "dee",
        title: "D",
        description: "d",
        body: "b",
        authorId: author.id,
        tags: { create: [{ tagId: tag.id, position: 0 }] },
        favorites: { create: [{ userId: author.id }] },
        comments: { create: [{ body: "c", authorId: author.id }] },
      },
    });
    await db.article.delete({ where: { id: article.id } });
    expect(await db.articleTag.count({ where: { articleId: article.id } })).toBe(0);
    expect(await db.favorite.count({ where: { articleId: article.id } })).toBe(0);
    expect(await db.comment.count({ where: { articleId: article.id } })).toBe(0);
    expect(await db.tag.count({ where: { id: tag.id } })).toBe(1);
  });
});
