import { TRPCError } from "@trpc/server";
import { t } from "../init.ts";
import { FieldError } from "../shared/field-error.ts";
import { runSteps, type Step } from "./chain.ts";

/**
 * Only a signed-in caller: 401 without a valid session, and 401 "second factor required" for a
 * session that has given only the password of an account with a second factor. Adds `ctx.auth`.
 * The steps `before` run around it and `after` once the caller is known, all in this one
 * middleware (see chain.ts for why one).
 */
export const signedIn = (before: Step[], after: Step[]) =>
  t.middleware((opts) => {
    const { ctx } = opts;
    const last = async () => {
      const auth = await ctx.getAuth();
      if (!auth && (await ctx.getPendingAuth()))
        throw new TRPCError({ code: "UNAUTHORIZED", message: "second factor required", cause: new FieldError("otp", "required") });
      if (!auth) {
        const reason = ctx.token ? "is invalid or expired" : "is missing";
        throw new TRPCError({ code: "UNAUTHORIZED", message: `token ${reason}`, cause: new FieldError("token", reason) });
      }
      return runSteps(after, opts, () => opts.next({ ctx: { auth } }));
    };
    return runSteps(before, opts, last);
  });
