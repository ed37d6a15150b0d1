import type { Db } from "@conduit/db";
import type { JobQueue } from "@conduit/jobs";
import type { accountJobs } from "../../shared/job-kinds.ts";
import { emailCodeMail, passwordResetMail, type Mailer } from "@conduit/mail";
import { issueEmailCode } from "./email-codes.ts";
import { issueResetToken } from "./password-resets.ts";

/**
 * The workers of the mail that carries a secret: each run makes the code or token (its hash in
 * the database) and sends it straight to the mailer, so that the secret is in no table, job or
 * log. A reset for an address no account has sends nothing: the request answered the same anyway.
 */
export function workAccountMail(
  queue: JobQueue<typeof accountJobs>,
  db: Db,
  mailer: Mailer,
  { publicUrl, now = () => new Date() }: { publicUrl: string; now?: () => Date },
): void {
  queue.work("account.email-code", async ({ userId, email, purpose }) => {
    const user = await db.user.findUnique({ where: { id: userId }, select: { username: true } });
    if (!user) return { sent: false };
    const code = await issueEmailCode(db, userId, email, purpose, now());
    const sent = await mailer.send({
      key: `email-code:${userId}:${Date.now()}`,
      to: email,
      ...emailCodeMail({ username: user.username, code, purpose }),
    });
    return { sent: true, messageId: sent.messageId };
  });
  queue.work("account.password-reset", async ({ email }) => {
    const user = await db.user.findUnique({ where: { email }, select: { id: true, username: true, bannedAt: true } });
    if (!user || user.bannedAt) return { sent: false };
    const token = await issueResetToken(db, user.id, now());
    const link = new URL(`reset-password?token=${token}`, publicUrl).toString();
    const sent = await mailer.send({
      key: `password-reset:${user.id}:${Date.now()}`,
      to: email,
      ...passwordResetMail({ username: user.username, link }),
    });
    return { sent: true, messageId: sent.messageId };
  });
}
