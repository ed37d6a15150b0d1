import type { Db } from "@conduit/db";
import { forbidden, notFound } from "../shared/field-error.ts";

/** The id of the article with this slug; NOT_FOUND when there is none. */
export async function articleIdBySlug(db: Db, slug: string): Promise<number> {
  const article = await db.article.findUnique({ where: { slug }, select: { id: true } });
  if (!article) throw notFound("article");
  return article.id;
}

/**
 * The article if the caller wrote it: 404 when there is no such article, 403 when it is someone
 * else's. This only chooses the answer: the write that follows still names the author in its own
 * `where`, because the article may be gone (or, one day, change hands) before it runs.
 */
export async function ownArticle(db: Db, slug: string, userId: number): Promise<{ id: number; slug: string; authorId: number }> {
  const article = await db.article.findUnique({ where: { slug }, select: { id: true, slug: true, authorId: true } });
  if (!article) throw notFound("article");
  if (article.authorId !== userId) throw forbidden("article");
  return article;
}
