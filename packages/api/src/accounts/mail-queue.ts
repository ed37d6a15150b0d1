import { TRPCError } from "@trpc/server";
import type { Context } from "../context.ts";

/**
 * The queue an account's codes and links go through. Without one (a script or a test that built
 * its context without jobs) nothing would be sent: that is refused, not answered "ok".
 */
export function mailQueue(ctx: Pick<Context, "jobs">): NonNullable<Context["jobs"]> {
  if (!ctx.jobs) throw new TRPCError({ code: "PRECONDITION_FAILED", message: "this server sends no mail: it has no job queue" });
  return ctx.jobs;
}
