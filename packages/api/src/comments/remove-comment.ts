import { writeWithEvent } from "@conduit/db";
import type { Actor } from "../context.ts";
import { recordAudit } from "../audit/record.ts";
import { notFound } from "../shared/field-error.ts";
import { liveEvents } from "../live/event-kinds.ts";

/**
 * Deletes a comment the caller was allowed to delete (its author, or by `delete:comment:any`,
 * audited in the same transaction). The delete names the author again: of several deletes at
 * once, or one racing the article's deletion, only the statement that removed the row answers.
 * The caller's lookup placed the comment on this article, and a comment never moves.
 */
export async function removeComment(
  ctx: Actor,
  article: { id: number; slug: string },
  comment: { id: number; authorId: number; access: "own" | "any" },
): Promise<void> {
  const deleted = await writeWithEvent(
    ctx.db,
    async (tx) => {
      // where-mutation equivalent (authorId): the lookup checked the author, and a comment's author never changes
      if (!(await tx.comment.deleteMany({ where: { id: comment.id, authorId: comment.authorId } })).count) return null;
      if (comment.access === "any")
        await recordAudit(tx, ctx, {
          action: "comment.deleted",
          actorId: ctx.auth.user.id,
          target: { type: "comment", id: comment.id },
          details: { access: "any", authorId: comment.authorId, article: article.slug },
        });
      return comment.id;
    },
    (id) => liveEvents.commentDeleted(article, comment.authorId, id),
  );
  if (deleted === null) throw notFound("comment");
}
