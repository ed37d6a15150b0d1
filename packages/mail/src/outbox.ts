import type { Prisma } from "@conduit/db";
import type { JobQueue } from "@conduit/jobs";
import type { MailJobs } from "./mail-jobs.ts";
import type { RenderedMail } from "./render.ts";

/**
 * Puts a mail in the outbox: a `send-mail` job in the transaction of the change that needs it, so
 * the mail exists if and only if the change commits, and no request waits for SMTP. `key` names
 * the message (one per purpose and recipient: "welcome:42"): it is delivered once, however often
 * its job runs.
 */
export async function enqueueMail(
  queue: JobQueue<MailJobs>,
  tx: Prisma.TransactionClient,
  { key, to, mail }: { key: string; to: string; mail: RenderedMail },
): Promise<void> {
  await queue.enqueue("send-mail", { key, to, ...mail }, { tx });
}
