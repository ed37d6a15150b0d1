import { sql, sqlJoin, type Db, type Sql } from "@conduit/db";
import type { Article, ArticlePreview } from "./to-article.ts";
import { followingColumn, iso, num, profileOfRow, type RawRow } from "../shared/raw-values.ts";

/**
 * Articles read by hand-written SQL that runs unchanged on SQLite and PostgreSQL, for the list
 * and for one article: the article with its author, favorite count and the viewer's "favorited"
 * and "following" in one statement, its tags in a second. Through Prisma's query builder one
 * article took four statements at about 0.3 ms each, whatever they did.
 */

/** The articles matching `where` (a condition on `a`), newest first. */
export async function articleRows(db: Db, where: Sql, viewerId: number | null, { body = false } = {}): Promise<RawRow[]> {
  // An anonymous caller has favorited and follows nothing: no need to ask, 40 lookups a page.
  const viewerColumns =
    viewerId === null
      ? sql`0 AS "favorited"`
      : sql`CASE WHEN EXISTS (SELECT 1 FROM "Favorite" f WHERE f."articleId" = a."id" AND f."userId" = ${viewerId}) THEN 1 ELSE 0 END AS "favorited"`;
  return db.$rawRead<RawRow>(sql`
    SELECT a."id", a."slug", a."title", a."description", a."createdAt", a."updatedAt", ${body ? sql`a."body",` : sql``}
           u."username", u."bio", u."image",
           (SELECT COUNT(*) FROM "Favorite" f WHERE f."articleId" = a."id") AS "favoritesCount",
           ${viewerColumns}, ${followingColumn(viewerId, sql`a."authorId"`)}
    FROM "Article" a JOIN "User" u ON u."id" = a."authorId"
    WHERE ${where}
    ORDER BY a."id" DESC`);
}

/** Each article's tags, in the order its author gave them. */
export async function tagsOf(db: Db, rows: RawRow[]): Promise<Map<number, string[]>> {
  const tagsById = new Map<number, string[]>();
  if (!rows.length) return tagsById;
  const tags = await db.$rawRead<RawRow>(sql`
    SELECT x."articleId", t."name" FROM "ArticleTag" x JOIN "Tag" t ON t."id" = x."tagId"
    WHERE x."articleId" IN (${sqlJoin(rows.map((r) => num(r.id)))})
    ORDER BY x."articleId", x."position"`);
  for (const t of tags) {
    const id = num(t.articleId);
    (tagsById.get(id) ?? tagsById.set(id, []).get(id)!).push(String(t.name));
  }
  return tagsById;
}

export function toPreview(r: RawRow, tags: Map<number, string[]>): ArticlePreview {
  return {
    slug: String(r.slug),
    title: String(r.title),
    description: String(r.description),
    tagList: tags.get(num(r.id)) ?? [],
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
    favorited: num(r.favorited) === 1,
    favoritesCount: num(r.favoritesCount),
    author: profileOfRow(r),
  };
}

/** One article whole, as `viewerId` sees it; null when no article has this slug. */
export async function articleBySlug(db: Db, slug: string, viewerId: number | null): Promise<Article | null> {
  const rows = await articleRows(db, sql`a."slug" = ${slug}`, viewerId, { body: true });
  const [row] = rows;
  if (!row) return null;
  return { ...toPreview(row, await tagsOf(db, rows)), body: String(row.body) };
}
