import { sql, sqlJoin, type Db, type Prisma } from "@conduit/db";

/**
 * Makes sure a tag row exists for each name. `connectOrCreate` inside the article's write raced:
 * two articles introducing the same new tag at once both tried to insert it, and on PostgreSQL
 * one failed on Tag_name_key. `ON CONFLICT DO NOTHING` (SQLite and PostgreSQL alike) lets both
 * go on. A tag left by a write that then fails is harmless: tags are listed only when in use.
 */
export async function ensureTags(db: Db, names: string[]): Promise<void> {
  if (!names.length) return;
  await db.$executeRaw(
    sql`INSERT INTO "Tag" ("name") VALUES ${sqlJoin(names.map((name) => sql`(${name})`))} ON CONFLICT ("name") DO NOTHING`,
  );
}

/**
 * Links an article to existing tags by name, in the author's order, in one statement of the
 * caller's transaction (through Prisma's nested create it was one per tag, ~0.3 ms each).
 */
export async function linkTags(tx: Prisma.TransactionClient, articleId: number, names: string[]): Promise<void> {
  if (!names.length) return;
  const position = sql`CASE t."name" ${sqlJoin(
    names.map((name, i) => sql`WHEN ${name} THEN CAST(${i} AS INTEGER)`),
    " ",
  )} END`;
  await tx.$executeRaw(sql`
    INSERT INTO "ArticleTag" ("articleId", "tagId", "position")
    SELECT CAST(${articleId} AS INTEGER), t."id", ${position} FROM "Tag" t WHERE t."name" IN (${sqlJoin(names)})`);
}
