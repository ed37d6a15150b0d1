import type { Db } from "@conduit/db";
import { forbidden, notFound } from "../shared/field-error.ts";

/** The id of the article with this slug; NOT_FOUND when there is none. */
export async function articleIdBySlug(db: Db, slug: string): Promise<number> {
  const article = await db.article.findUnique({ where: { slug }, select: { id: true } });
  if (!article) throw notFound("article");
  return article.id;
}

/** The article's id if the caller wrote it: 404 when there is no such article, 403 when it is someone else's. */
export async function ownArticleId(db: Db, slug: string, userId: number): Promise<number> {
  const article = await db.article.findUnique({ where: { slug }, select: { id: true, authorId: true } });
  if (!article) throw notFound("article");
  if (article.authorId !== userId) throw forbidden("article");
  return article.id;
}
