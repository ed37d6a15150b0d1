import type { JobQueue } from "@conduit/jobs";
import type { ApiJobs } from "./job-kinds.ts";
import { requestErrors } from "./request-errors.ts";
import { refuse } from "./field-error.ts";

type Jobs = JobQueue<ApiJobs>;

/**
 * The one policy for a server without a job queue (a script, or a test that built its context
 * without one), which sends no mail:
 * - mail a person asked for and waits on (a code, a reset link) goes through `mailQueue`, which
 *   refuses the call (412) rather than answer "ok" with nothing sent;
 * - mail that tells of something already done (a welcome, a security notice, a removal) goes
 *   through `noticeQueue`: the change stands and the notice is skipped.
 */
export function mailQueue(ctx: { jobs?: Jobs | null }): Jobs {
  if (!ctx.jobs) throw refuse(requestErrors.NO_MAIL_QUEUE);
  return ctx.jobs;
}

/** The queue for a notice of a change already made, or null on a server without one (see mailQueue). */
export function noticeQueue(ctx: { jobs?: Jobs | null }): Jobs | null {
  return ctx.jobs ?? null;
}
