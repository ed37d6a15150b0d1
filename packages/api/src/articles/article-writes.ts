import { sql, type Prisma } from "@conduit/db";

// The article writes that are hand-written SQL (one statement where Prisma would send several),
// always inside the caller's transaction. Values are bound, never spliced.

/** Inserts an article row and says its id (RETURNING: one statement on both databases). */
export async function insertArticle(
  tx: Prisma.TransactionClient,
  row: { slug: string; title: string; description: string; body: string; authorId: number; at: Date },
): Promise<number> {
  const [inserted] = await tx.$queryRaw<[{ id: number | bigint }]>(sql`
    INSERT INTO "Article" ("slug", "title", "description", "body", "authorId", "createdAt", "updatedAt")
    VALUES (${row.slug}, ${row.title}, ${row.description}, ${row.body}, ${row.authorId}, ${row.at}, ${row.at}) RETURNING "id"`);
  return Number(inserted.id);
}

/** Removes every tag link of an article (before its new ones are linked). */
export async function unlinkTags(tx: Prisma.TransactionClient, articleId: number): Promise<void> {
  await tx.$executeRaw(sql`DELETE FROM "ArticleTag" WHERE "articleId" = ${articleId}`);
}

/** Favorites an article; false when it already was (ON CONFLICT: two at once are one favorite). */
export async function addFavorite(tx: Prisma.TransactionClient, userId: number, articleId: number): Promise<boolean> {
  const added = await tx.$executeRaw(
    sql`INSERT INTO "Favorite" ("userId", "articleId", "createdAt") VALUES (${userId}, ${articleId}, ${new Date()}) ON CONFLICT DO NOTHING`,
  );
  return added > 0;
}

/** Unfavorites an article; false when it was not a favorite. */
export async function removeFavorite(tx: Prisma.TransactionClient, userId: number, articleId: number): Promise<boolean> {
  return (await tx.$executeRaw(sql`DELETE FROM "Favorite" WHERE "userId" = ${userId} AND "articleId" = ${articleId}`)) > 0;
}

/** An article's favorites, counted inside the write that changed them. */
export async function favoriteCount(tx: Prisma.TransactionClient, articleId: number): Promise<number> {
  const [{ n }] = await tx.$queryRaw<[{ n: number | bigint }]>(
    sql`SELECT COUNT(*) AS "n" FROM "Favorite" WHERE "articleId" = ${articleId}`,
  );
  return Number(n);
}
