import { z } from "zod";
import type { JobCatalog } from "./job-queue.ts";

/** A rendered mail in the outbox: one delivery per `key`, however often its job runs. */
const mailMessage = z.object({
  key: z.string().min(1).max(200),
  to: z.email().max(254),
  subject: z.string().min(1).max(200),
  text: z.string().max(100_000),
  html: z.string().max(200_000),
});

/**
 * Mail that carries a secret (a code, a reset link): the job makes the secret and sends it, so it
 * is never stored anywhere but in the mail (the database keeps its hash). A run again makes a new
 * one, which voids the last.
 */
const emailCode = z.object({ userId: z.number().int(), email: z.email().max(254), purpose: z.enum(["verify", "change"]) });
const passwordReset = z.object({ email: z.string().max(254) });

const upkeep = { payload: z.object({}), maxAttempts: 3, retryDelaySeconds: 30, leaseSeconds: 300 };

/**
 * Every job the app runs. A mail is retried for about three hours (10 s doubling, 11 runs)
 * before it is marked failed: long enough to ride out an SMTP outage.
 */
export const appJobs = {
  "send-mail": { payload: mailMessage, maxAttempts: 11, retryDelaySeconds: 10, leaseSeconds: 120 },
  // A code or link is wanted now: retried for a few minutes, not hours.
  "account.email-code": { payload: emailCode, maxAttempts: 5, retryDelaySeconds: 10, leaseSeconds: 120 },
  "account.password-reset": { payload: passwordReset, maxAttempts: 5, retryDelaySeconds: 10, leaseSeconds: 120 },
  "upkeep.sessions": upkeep,
  "upkeep.events": upkeep,
  "upkeep.rate-limits": upkeep,
  "upkeep.idempotency-keys": upkeep,
  "upkeep.jobs": upkeep,
  "upkeep.audit": upkeep,
} satisfies JobCatalog;

export type AppJobs = typeof appJobs;
