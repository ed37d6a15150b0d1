import { writeWithEvent } from "@conduit/db";
import type { Actor } from "../context.ts";
import { recordAudit } from "../shared/audit-record.ts";
import { notFound } from "../shared/field-error.ts";
import { liveEvents } from "../shared/event-kinds.ts";
import { mailRemovalNotice } from "../moderation/removal-notice.ts";

/**
 * Deletes a comment the caller was allowed to delete (its author, or by `delete:comment:any`,
 * audited and mailed to the author in the same transaction, and announced live as moderated).
 * The delete names the author again: of several deletes at once, or one racing the article's
 * deletion, only the statement that removed the row answers. The caller's lookup placed the
 * comment on this article, and a comment never moves.
 */
export async function removeComment(
  ctx: Actor,
  article: { id: number; slug: string },
  comment: { id: number; authorId: number; access: "own" | "any" },
): Promise<void> {
  const moderated = comment.access === "any";
  const deleted = await writeWithEvent(
    ctx.db,
    async (tx) => {
      const body = moderated ? (await tx.comment.findUnique({ where: { id: comment.id }, select: { body: true } }))?.body : undefined;
      // where-mutation equivalent (authorId): the lookup checked the author, and a comment's author never changes
      if (!(await tx.comment.deleteMany({ where: { id: comment.id, authorId: comment.authorId } })).count) return null;
      if (moderated) {
        await recordAudit(tx, ctx, {
          action: "comment.deleted",
          actorId: ctx.auth.user.id,
          target: { type: "comment", id: comment.id },
          details: { access: "any", authorId: comment.authorId, article: article.slug },
        });
        await mailRemovalNotice(ctx, tx, { what: "comment", id: comment.id, authorId: comment.authorId, text: body ?? "" });
      }
      return comment.id;
    },
    (id) => liveEvents.commentDeleted(article, comment.authorId, id, moderated),
  );
  if (deleted === null) throw notFound("comment");
}
