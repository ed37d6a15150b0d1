import { writeWithEvent } from "@conduit/db";
import type { Actor } from "../context.ts";
import { anyUse, recordAudit } from "../shared/audit-record.ts";
import { notFound } from "../shared/field-error.ts";
import { liveEvents } from "../shared/event-kinds.ts";
import { mailRemovalNotice } from "../moderation/removal-notice.ts";
import { forgetArticleReads } from "./article-caches.ts";

/**
 * Deletes an article the caller was allowed to delete (`access` says how: its author, or by
 * `delete:article:any`, which is audited and mailed to the author in the same transaction and
 * announced live as moderated). Tags links, favorites and comments go with it: ON DELETE CASCADE,
 * one statement. Of several deletes at once, the one whose statement removed the row answers;
 * the rest get NOT_FOUND.
 */
export async function removeArticle(
  ctx: Actor,
  article: { id: number; slug: string; authorId: number; access: "own" | "any" },
): Promise<void> {
  const moderated = article.access === "any";
  const deleted = await writeWithEvent(
    ctx.db,
    async (tx) => {
      const title = moderated ? (await tx.article.findUnique({ where: { id: article.id }, select: { title: true } }))?.title : undefined;
      // where-mutation equivalent (authorId): the caller was checked against the author, and an article's author never changes
      if (!(await tx.article.deleteMany({ where: { id: article.id, authorId: article.authorId } })).count) return null;
      if (moderated) {
        await recordAudit(tx, ctx, anyUse("article.deleted", ctx.auth.user.id, article));
        await mailRemovalNotice(ctx, tx, { what: "article", id: article.id, authorId: article.authorId, text: title ?? article.slug });
      }
      return article;
    },
    (removed) => liveEvents.deleted(removed, moderated),
  );
  if (!deleted) throw notFound("article");
  await forgetArticleReads(ctx.db);
}
