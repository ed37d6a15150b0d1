import { sql, type Db } from "@conduit/db";
import { notFound } from "../shared/field-error.ts";
import { followingColumn, iso, num, profileOfRow, type RawRow } from "../shared/raw-values.ts";
import type { Comment } from "./to-comment.ts";

/** Comments of one article, oldest first, at most this many (RealWorld's endpoint has no paging). */
const maxCommentsListed = 500;

/**
 * One article's comments as the viewer sees their authors, in one statement: the article's row
 * with each of its comments, or alone (no comments), or none (404).
 */
export async function commentsOfArticle(db: Db, slug: string, viewerId: number | null): Promise<Comment[]> {
  const rows = await db.$rawRead<RawRow>(sql`
    SELECT c."id", c."createdAt", c."updatedAt", c."body", u."username", u."bio", u."image", ${followingColumn(viewerId, sql`c."authorId"`)}
    FROM "Article" a
    LEFT JOIN "Comment" c ON c."articleId" = a."id"
    LEFT JOIN "User" u ON u."id" = c."authorId"
    WHERE a."slug" = ${slug}
    ORDER BY c."id" LIMIT ${maxCommentsListed}`);
  if (!rows.length) throw notFound("article");
  return rows
    .filter((r) => r.id !== null)
    .map((r) => ({
      id: num(r.id),
      createdAt: iso(r.createdAt),
      updatedAt: iso(r.updatedAt),
      body: String(r.body),
      author: profileOfRow(r),
    }));
}
