import { TRPCError } from "@trpc/server";
import { t } from "../init.ts";
import { FieldError } from "../shared/field-error.ts";

/**
 * Only a signed-in caller: 401 without a valid session, and 401 "second factor required" for a
 * session that has given only the password of an account with a second factor. Adds `ctx.auth`.
 */
export const signedIn = t.middleware(async ({ ctx, next }) => {
  const auth = await ctx.getAuth();
  if (!auth && (await ctx.getPendingAuth()))
    throw new TRPCError({ code: "UNAUTHORIZED", message: "second factor required", cause: new FieldError("otp", "required") });
  if (!auth) {
    const reason = ctx.token ? "is invalid or expired" : "is missing";
    throw new TRPCError({ code: "UNAUTHORIZED", message: `token ${reason}`, cause: new FieldError("token", reason) });
  }
  return next({ ctx: { auth } });
});
