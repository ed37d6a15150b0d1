import { writeWithEvent } from "@conduit/db";
import type { Actor } from "../context.ts";
import { anyUse, recordAudit } from "../audit/record.ts";
import { notFound } from "../shared/field-error.ts";
import { liveEvents } from "../live/event-kinds.ts";
import { forgetArticleCounts } from "./article-counts.ts";

/**
 * Deletes an article the caller was allowed to delete (`access` says how: its author, or by
 * `delete:article:any`, which is audited in the same transaction). Tags links, favorites and
 * comments go with it: ON DELETE CASCADE, one statement. Of several deletes at once, the one whose
 * statement removed the row answers; the rest get NOT_FOUND.
 */
export async function removeArticle(
  ctx: Actor,
  article: { id: number; slug: string; authorId: number; access: "own" | "any" },
): Promise<void> {
  const deleted = await writeWithEvent(
    ctx.db,
    async (tx) => {
      // where-mutation equivalent (authorId): the caller was checked against the author, and an article's author never changes
      if (!(await tx.article.deleteMany({ where: { id: article.id, authorId: article.authorId } })).count) return null;
      if (article.access === "any") await recordAudit(tx, ctx, anyUse("article.deleted", ctx.auth.user.id, article));
      return article;
    },
    liveEvents.deleted,
  );
  if (!deleted) throw notFound("article");
  await forgetArticleCounts(ctx.db);
}
