import { Faker, base, en } from "@faker-js/faker";
import type { Db } from "../client.ts";

export interface SeedOptions {
  articles: number;
  /** Articles a user writes on average; users = articles / this, at least 10. */
  articlesPerUser?: number;
  passwordHash: string;
  onProgress?: (done: number, total: number) => void;
  /** Rows written per statement (tests use small batches to cross batch boundaries). */
  batchSize?: number;
}

export interface SeedResult {
  users: number;
  articles: number;
  created: number;
}

const tagNames = [
  "typescript",
  "node",
  "prisma",
  "trpc",
  "fastify",
  "react",
  "sqlite",
  "postgres",
  "testing",
  "security",
  "performance",
  "design",
  "devops",
  "web",
  "api",
  "databases",
  "career",
  "open-source",
  "tutorial",
  "news",
];
const epoch = Date.UTC(2026, 0, 1);

/** Every seeded row is a function of its index, so a run can resume or grow where the last one stopped. */
const faker = new Faker({ locale: [en, base] });
function fakerFor(index: number): Faker {
  faker.seed(index + 1);
  return faker;
}

const seedUser = (i: number) => ({
  email: `demo${i}@conduit.test`,
  username: `demo${i}`,
});

/**
 * Deterministic demo data: users, follows, articles with tags, favorites and comments.
 * Idempotent: rows are keyed by index (demo<i>, seed-<i>-...), and a second run adds only what
 * is missing, so re-running with a larger --articles grows the same data set.
 */
export async function seed(db: Db, options: SeedOptions): Promise<SeedResult> {
  const perUser = options.articlesPerUser ?? 20;
  const batchSize = options.batchSize ?? 1_000;
  const userCount = Math.max(10, Math.ceil(options.articles / perUser));

  const tags = await Promise.all(
    tagNames.map((name) => db.tag.upsert({ where: { name }, create: { name }, update: {}, select: { id: true } })),
  );

  const existingUsers = await db.user.count({ where: { email: { endsWith: "@conduit.test" }, username: { startsWith: "demo" } } });
  for (let start = existingUsers; start < userCount; start += batchSize) {
    const end = Math.min(userCount, start + batchSize);
    const users = [];
    for (let i = start; i < end; i++) {
      const f = fakerFor(i);
      users.push({
        ...seedUser(i),
        passwordHash: options.passwordHash,
        bio: i % 3 === 0 ? null : f.person.bio(),
        image: null,
        createdAt: new Date(epoch + i * 1000),
      });
    }
    await db.user.createMany({ data: users });
  }
  const userIds = await db.user.findMany({
    where: { username: { in: Array.from({ length: userCount }, (_, i) => seedUser(i).username) } },
    select: { id: true, username: true },
  });
  const userId = new Map(userIds.map((u) => [u.username, u.id]));
  // Every account is a member (the `user` role the roles migration made); demo0 also moderates.
  await db.$executeRawUnsafe(
    `INSERT INTO "UserRole" ("userId", "roleId")
     SELECT u."id", r."id" FROM "User" u, "Role" r
     WHERE (r."name" = 'user' OR (r."name" = 'moderator' AND u."username" = 'demo0'))
       AND NOT EXISTS (SELECT 1 FROM "UserRole" x WHERE x."userId" = u."id" AND x."roleId" = r."id")`,
  );
  const idForIndex = (i: number) => userId.get(`demo${((i % userCount) + userCount) % userCount}`)!;

  // Each new user follows the next three, once every user exists: every feed has authors in it.
  for (let start = existingUsers; start < userCount; start += batchSize) {
    const follows = [];
    for (let i = start; i < Math.min(userCount, start + batchSize); i++) {
      for (const k of [1, 2, 3])
        if (idForIndex(i + k) !== idForIndex(i)) follows.push({ followerId: idForIndex(i), followedId: idForIndex(i + k) });
    }
    await db.follow.createMany({ data: follows });
  }

  const existingArticles = await db.article.count({ where: { slug: { startsWith: "seed-" } } });
  let created = 0;
  for (let start = existingArticles; start < options.articles; start += batchSize) {
    const end = Math.min(options.articles, start + batchSize);
    await db.$transaction(
      async (tx) => {
        const rows = [];
        for (let i = start; i < end; i++) {
          const f = fakerFor(1_000_000 + i);
          const title = f.lorem.sentence({ min: 3, max: 8 }).replace(/\.$/, "");
          rows.push({
            slug: `seed-${i}-${title
              .toLowerCase()
              .replace(/[^a-z0-9]+/g, "-")
              .replace(/-$/, "")}`,
            title,
            description: f.lorem.sentence(),
            body: f.lorem.paragraphs(3, "\n\n"),
            authorId: idForIndex(i),
            createdAt: new Date(epoch + i * 60_000),
            updatedAt: new Date(epoch + i * 60_000),
          });
        }
        const articles = await tx.article.createManyAndReturn({ data: rows, select: { id: true, slug: true } });
        const articleTags = [];
        const favorites = [];
        const comments = [];
        for (const article of articles) {
          const i = Number(article.slug.split("-")[1]);
          const tagCount = 1 + (i % 3);
          for (let k = 0; k < tagCount; k++) {
            articleTags.push({ articleId: article.id, tagId: tags[(i * 7 + k * 3) % tags.length]!.id, position: k });
          }
          for (let k = 1; k <= i % 4; k++) favorites.push({ userId: idForIndex(i + k * 5), articleId: article.id });
          if (i % 2 === 0) {
            comments.push({
              body: `Comment ${i} on ${article.slug}`,
              articleId: article.id,
              authorId: idForIndex(i + 1),
              createdAt: new Date(epoch + i * 60_000 + 1000),
            });
          }
        }
        await tx.articleTag.createMany({ data: articleTags });
        await tx.favorite.createMany({ data: dedupe(favorites, (f) => `${f.userId}:${f.articleId}`) });
        await tx.comment.createMany({ data: comments });
        created += articles.length;
      },
      { timeout: 120_000 },
    );
    options.onProgress?.(end, options.articles);
  }
  return { users: userCount, articles: options.articles, created };
}

function dedupe<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(key(item)) ? false : (seen.add(key(item)), true)));
}
