import { sql, sqlJoin, type Db, type Sql } from "@conduit/db";
import type { ArticlePreview } from "./to-article.ts";
import { articleRows, tagsOf, toPreview } from "./article-rows.ts";
import { num, type RawRow } from "../shared/raw-values.ts";
import { cachedArticleRead } from "./article-caches.ts";

/**
 * The article list, the hottest read, as hand-written SQL that runs unchanged on SQLite and
 * PostgreSQL: one query for the page (article-rows.ts), one for its tags and one for the total.
 * Through Prisma's query builder the same page took ten statements. Values are always bound parameters. The page's ids are chosen in an
 * inner query, so OFFSET skips index entries only, and the subqueries run for the page's rows.
 */
export interface ListFilter {
  tag?: string;
  author?: string;
  favorited?: string;
  /** Only articles by authors this user follows (the feed). */
  feedOf?: number;
  /** Keyset paging: only articles older than the one with this slug (cost independent of depth). */
  before?: string;
}

const userId = (username: string) => sql`(SELECT "id" FROM "User" WHERE "username" = ${username})`;

const tagId = (name: string) => sql`(SELECT "id" FROM "Tag" WHERE "name" = ${name})`;

/** Conditions on `a` (the article) for every filter but the tag, which each query places itself. */
function conditions(filter: ListFilter): Sql[] {
  const parts: Sql[] = [];
  if (filter.author !== undefined) parts.push(sql`a."authorId" = ${userId(filter.author)}`);
  if (filter.favorited !== undefined) {
    parts.push(sql`a."id" IN (SELECT f."articleId" FROM "Favorite" f WHERE f."userId" = ${userId(filter.favorited)})`);
  }
  if (filter.feedOf !== undefined) {
    parts.push(sql`a."authorId" IN (SELECT w."followedId" FROM "Follow" w WHERE w."followerId" = ${filter.feedOf})`);
  }
  return parts;
}

/** The cursor narrows the page only: articlesCount stays the total of the filter. */
function cursor(filter: ListFilter, id: Sql): Sql[] {
  return filter.before === undefined ? [] : [sql`${id} < COALESCE((SELECT c."id" FROM "Article" c WHERE c."slug" = ${filter.before}), 0)`];
}

const where = (parts: Sql[]) => (parts.length ? sql`WHERE ${sqlJoin(parts, " AND ")}` : sql``);

async function countArticles(db: Db, filter: ListFilter): Promise<number> {
  const count = async () => num((await db.$rawRead<RawRow>(countQuery(filter)))[0]?.n);
  const others = filter.author !== undefined || filter.favorited !== undefined || filter.feedOf !== undefined;
  // Only the counts that grow with the table are cached; the others are a user's own rows.
  if (others) return count();
  return cachedArticleRead(db, filter.tag === undefined ? "all" : `tag:${filter.tag}`, count);
}

/**
 * The ids of the page, newest first. With a tag they come from the tag's index in order, so a
 * page costs the same however rare the tag is among recent articles; walking articles and
 * checking each for the tag read 39,000 of them when the newest were all tagged otherwise.
 */
function pageIds(filter: ListFilter, page: { limit: number; offset: number }): Sql {
  const limit = sql`LIMIT ${page.limit} OFFSET ${page.offset}`;
  if (filter.tag === undefined) {
    return sql`SELECT a."id" FROM "Article" a ${where([...conditions(filter), ...cursor(filter, sql`a."id"`)])} ORDER BY a."id" DESC ${limit}`;
  }
  const parts = [sql`x."tagId" = ${tagId(filter.tag)}`, ...conditions(filter), ...cursor(filter, sql`x."articleId"`)];
  return sql`SELECT x."articleId" FROM "ArticleTag" x JOIN "Article" a ON a."id" = x."articleId" ${where(parts)} ORDER BY x."articleId" DESC ${limit}`;
}

function countQuery(filter: ListFilter): Sql {
  // The feed alone: the followed authors' article counts (kept by triggers), one row per follow,
  // instead of every article they wrote.
  if (filter.feedOf !== undefined && filter.author === undefined && filter.favorited === undefined && filter.tag === undefined)
    return sql`SELECT COALESCE(SUM(u."articleCount"), 0) AS "n" FROM "Follow" w JOIN "User" u ON u."id" = w."followedId" WHERE w."followerId" = ${filter.feedOf}`;
  const others = conditions(filter);
  if (filter.tag === undefined) return sql`SELECT COUNT(*) AS "n" FROM "Article" a ${where(others)}`;
  const byTag = sql`x."tagId" = ${tagId(filter.tag)}`;
  // Tag alone: the tag's index entries are the answer, no article need be read.
  if (others.length === 0) return sql`SELECT COUNT(*) AS "n" FROM "ArticleTag" x WHERE ${byTag}`;
  return sql`SELECT COUNT(*) AS "n" FROM "ArticleTag" x JOIN "Article" a ON a."id" = x."articleId" WHERE ${byTag} AND ${sqlJoin(others, " AND ")}`;
}

export async function listArticlePreviews(
  db: Db,
  filter: ListFilter,
  page: { limit: number; offset: number },
  viewerId: number | null,
): Promise<{ articles: ArticlePreview[]; articlesCount: number }> {
  const [rows, counted] = await Promise.all([
    articleRows(db, sql`a."id" IN (${pageIds(filter, page)})`, viewerId),
    countArticles(db, filter),
  ]);
  const tags = await tagsOf(db, rows);
  return { articles: rows.map((r) => toPreview(r, tags)), articlesCount: counted };
}
