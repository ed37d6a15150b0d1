import type { Actor } from "../context.ts";
import { sql, type Db } from "@conduit/db";
import { notFound } from "../shared/field-error.ts";
import type { Permission } from "../permissions/permission.ts";
import { authorize } from "../permissions/authorize.ts";

/** The article with this slug, straight from the driver (a Prisma query costs ~0.3 ms whatever it does); NOT_FOUND when there is none. */
async function articleRowBySlug(db: Db, slug: string): Promise<{ id: number; slug: string; authorId: number }> {
  const [article] = await db.$rawRead<{ id: unknown; authorId: unknown }>(
    sql`SELECT "id", "authorId" FROM "Article" WHERE "slug" = ${slug}`,
  );
  if (!article) throw notFound("article");
  return { id: Number(article.id), slug, authorId: Number(article.authorId) };
}

/** The id of the article with this slug; NOT_FOUND when there is none. */
export async function articleIdBySlug(db: Db, slug: string): Promise<number> {
  return (await articleRowBySlug(db, slug)).id;
}

/**
 * The article if the caller may act on it: 404 when there is no such article, 403 unless the
 * caller's roles grant `permission` on it (`:own` and they wrote it, or `:any`), and which of the
 * two it was. This only chooses the answer: the write that follows still names the article's
 * author in its own `where`, because the article may be gone (or, one day, change hands) first.
 */
export async function articleFor(
  ctx: Actor,
  slug: string,
  permission: Permission,
): Promise<{ id: number; slug: string; authorId: number; access: "own" | "any" }> {
  const article = await articleRowBySlug(ctx.db, slug);
  const access = await authorize(ctx, permission, { type: "article", id: article.slug, ownerId: article.authorId });
  return { ...article, access };
}
