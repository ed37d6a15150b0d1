import { z } from "zod";
import type { Db } from "@conduit/db";
import type { JobCatalog, UpkeepTask } from "@conduit/jobs";

/** A rendered mail in the outbox: one delivery per `key`, however often its job runs. */
const mailMessage = z.object({
  key: z.string().min(1).max(200),
  to: z.email().max(254),
  subject: z.string().min(1).max(200),
  text: z.string().max(100_000),
  html: z.string().max(200_000),
});

/**
 * Mail's job: a mail is retried for about three hours (10 s doubling, 11 runs) before it is
 * marked failed, long enough to ride out an SMTP outage.
 */
export const mailJobs = {
  "send-mail": { payload: mailMessage, maxAttempts: 11, retryDelaySeconds: 10, leaseSeconds: 120 },
} satisfies JobCatalog;

export type MailJobs = typeof mailJobs;

const day = 86_400_000;
/** A mail's delivery record outlives every rerun its job could have (the job gives up after hours). */
const deliveryRetentionMs = 30 * day;

/** Deletes delivery records older than any rerun of their job, hourly. */
export function mailUpkeep(db: Db) {
  return [
    {
      name: "upkeep.mail-deliveries",
      everySeconds: 3_600,
      run: async () => (await db.mailDelivery.deleteMany({ where: { sentAt: { lt: new Date(Date.now() - deliveryRetentionMs) } } })).count,
    },
  ] as const satisfies readonly UpkeepTask[];
}
