import type { Prisma } from "@conduit/db";
import { enqueueMail, removedByModerationMail } from "@conduit/mail";
import type { Actor } from "../context.ts";
import { noticeQueue } from "../shared/mail-queue.ts";

const excerptLength = 200;

/**
 * Mails an author that a moderator removed their content, in the removal's transaction: the
 * notice goes if and only if the removal commits, and once per removed row (its key).
 */
export async function mailRemovalNotice(
  ctx: Actor,
  tx: Prisma.TransactionClient,
  removed: { what: "article" | "comment"; id: number; authorId: number; text: string },
): Promise<void> {
  const jobs = noticeQueue(ctx);
  if (!jobs) return;
  const author = await tx.user.findUnique({ where: { id: removed.authorId }, select: { username: true, email: true } });
  if (!author) return;
  const excerpt = removed.text.length > excerptLength ? `${removed.text.slice(0, excerptLength)}…` : removed.text;
  const mail = removedByModerationMail({ username: author.username, what: removed.what, excerpt, appUrl: ctx.publicUrl });
  await enqueueMail(jobs, tx, { key: `removed:${removed.what}:${removed.id}`, to: author.email, mail });
}
