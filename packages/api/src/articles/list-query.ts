import { sql, sqlJoin, type Db, type Sql } from "@conduit/db";
import type { ArticlePreview } from "./to-article.ts";

/**
 * The article list, the hottest read, as hand-written SQL that runs unchanged on SQLite and
 * PostgreSQL: one query for the page (author, favorite count, "favorited" and "following" as
 * subqueries), one for its tags and one for the total. Through Prisma's query builder the same
 * page took ten statements. Values are always bound parameters.
 */
export interface ListFilter {
  tag?: string;
  author?: string;
  favorited?: string;
  /** Only articles by authors this user follows (the feed). */
  feedOf?: number;
}

/** Raw rows: SQLite gives integers as bigint and dates as text, PostgreSQL gives Date objects. */
type Raw = Record<string, unknown>;
const num = (v: unknown) => Number(v);
const iso = (v: unknown) => new Date(v as string | Date).toISOString();
const text = (v: unknown) => (v === null || v === undefined ? null : String(v));

const userId = (username: string) => sql`(SELECT "id" FROM "User" WHERE "username" = ${username})`;

/** The WHERE clause; `forCount` picks the form each filter counts fastest in. */
function conditions(filter: ListFilter, forCount: boolean): Sql {
  const parts: Sql[] = [];
  if (filter.tag !== undefined) {
    const tagId = sql`(SELECT "id" FROM "Tag" WHERE "name" = ${filter.tag})`;
    // The page walks articles newest first and stops at the limit; the count walks the tag's index.
    parts.push(
      forCount
        ? sql`a."id" IN (SELECT x."articleId" FROM "ArticleTag" x WHERE x."tagId" = ${tagId})`
        : sql`EXISTS (SELECT 1 FROM "ArticleTag" x WHERE x."articleId" = a."id" AND x."tagId" = ${tagId})`,
    );
  }
  if (filter.author !== undefined) parts.push(sql`a."authorId" = ${userId(filter.author)}`);
  if (filter.favorited !== undefined) {
    parts.push(sql`a."id" IN (SELECT f."articleId" FROM "Favorite" f WHERE f."userId" = ${userId(filter.favorited)})`);
  }
  if (filter.feedOf !== undefined) {
    parts.push(sql`a."authorId" IN (SELECT w."followedId" FROM "Follow" w WHERE w."followerId" = ${filter.feedOf})`);
  }
  return parts.length ? sql`WHERE ${sqlJoin(parts, " AND ")}` : sql``;
}

export async function listArticlePreviews(
  db: Db,
  filter: ListFilter,
  page: { limit: number; offset: number },
  viewerId: number | null,
): Promise<{ articles: ArticlePreview[]; articlesCount: number }> {
  const viewer = viewerId ?? -1;
  const [rows, counted] = await Promise.all([
    db.$queryRaw<Raw[]>(sql`
      SELECT a."id", a."slug", a."title", a."description", a."createdAt", a."updatedAt",
             u."username", u."bio", u."image",
             (SELECT COUNT(*) FROM "Favorite" f WHERE f."articleId" = a."id") AS "favoritesCount",
             CASE WHEN EXISTS (SELECT 1 FROM "Favorite" f WHERE f."articleId" = a."id" AND f."userId" = ${viewer}) THEN 1 ELSE 0 END AS "favorited",
             CASE WHEN EXISTS (SELECT 1 FROM "Follow" w WHERE w."followedId" = a."authorId" AND w."followerId" = ${viewer}) THEN 1 ELSE 0 END AS "following"
      FROM "Article" a JOIN "User" u ON u."id" = a."authorId"
      ${conditions(filter, false)}
      ORDER BY a."id" DESC
      LIMIT ${page.limit} OFFSET ${page.offset}`),
    db.$queryRaw<Raw[]>(sql`SELECT COUNT(*) AS "n" FROM "Article" a ${conditions(filter, true)}`),
  ]);
  const ids = rows.map((r) => num(r.id));
  const tags = ids.length
    ? await db.$queryRaw<Raw[]>(sql`
        SELECT x."articleId", t."name" FROM "ArticleTag" x JOIN "Tag" t ON t."id" = x."tagId"
        WHERE x."articleId" IN (${sqlJoin(ids)})
        ORDER BY x."articleId", x."position"`)
    : [];
  const tagsOf = new Map<number, string[]>();
  for (const t of tags) {
    const id = num(t.articleId);
    (tagsOf.get(id) ?? tagsOf.set(id, []).get(id)!).push(String(t.name));
  }
  return {
    articles: rows.map((r, i) => ({
      slug: String(r.slug),
      title: String(r.title),
      description: String(r.description),
      tagList: tagsOf.get(ids[i]!) ?? [],
      createdAt: iso(r.createdAt),
      updatedAt: iso(r.updatedAt),
      favorited: num(r.favorited) === 1,
      favoritesCount: num(r.favoritesCount),
      author: { username: String(r.username), bio: text(r.bio), image: text(r.image), following: num(r.following) === 1 },
    })),
    articlesCount: num(counted[0]?.n),
  };
}
