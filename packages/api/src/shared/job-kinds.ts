import { z } from "zod";
import type { JobCatalog } from "@conduit/jobs";
import type { MailJobs } from "@conduit/mail";

/**
 * The jobs the API enqueues, as event kinds are its events: names and payloads on the floor,
 * what runs them beside their domain (identity/account/account-mail.ts).
 *
 * Mail that carries a secret (a code, a reset link): the job makes the secret and sends it, so it
 * is never stored anywhere but in the mail (the database keeps its hash). A run again makes a new
 * one, which voids the last. A code or link is wanted now: retried for a few minutes, not hours.
 */
export const accountJobs = {
  "account.email-code": {
    payload: z.object({ userId: z.number().int(), email: z.email().max(254), purpose: z.enum(["verify", "change"]) }),
    maxAttempts: 5,
    retryDelaySeconds: 10,
    leaseSeconds: 120,
  },
  "account.password-reset": { payload: z.object({ email: z.string().max(254) }), maxAttempts: 5, retryDelaySeconds: 10, leaseSeconds: 120 },
} satisfies JobCatalog;

/** What a procedure may enqueue: its own jobs, and mail. */
export type ApiJobs = MailJobs & typeof accountJobs;
