import type { Db } from "@conduit/db";
import { forbidden, notFound } from "../shared/field-error.ts";
import { allows, type Permission } from "../permissions/permission.ts";

/** The id of the article with this slug; NOT_FOUND when there is none. */
export async function articleIdBySlug(db: Db, slug: string): Promise<number> {
  const article = await db.article.findUnique({ where: { slug }, select: { id: true } });
  if (!article) throw notFound("article");
  return article.id;
}

/**
 * The article if the caller may act on it: 404 when there is no such article, 403 unless the
 * caller's roles grant `permission` on it (`:own` and they wrote it, or `:any`). This only chooses
 * the answer: the write that follows still names the article's author in its own `where`, because
 * the article may be gone (or, one day, change hands) before it runs.
 */
export async function articleFor(
  db: Db,
  slug: string,
  caller: { user: { id: number }; permissions: ReadonlySet<string> },
  permission: Permission,
): Promise<{ id: number; slug: string; authorId: number }> {
  const article = await db.article.findUnique({ where: { slug }, select: { id: true, slug: true, authorId: true } });
  if (!article) throw notFound("article");
  if (!allows(caller.permissions, permission, article.authorId === caller.user.id)) throw forbidden("article");
  return article;
}
