import { TRPCError } from "@trpc/server";
import { t } from "../init.ts";
import { FieldError } from "../shared/field-error.ts";

/** Only a signed-in caller: 401 without a valid session. Adds `ctx.auth`, the session and user. */
export const signedIn = t.middleware(async ({ ctx, next }) => {
  const auth = await ctx.getAuth();
  if (!auth) {
    const reason = ctx.token ? "is invalid or expired" : "is missing";
    throw new TRPCError({ code: "UNAUTHORIZED", message: `token ${reason}`, cause: new FieldError("token", reason) });
  }
  return next({ ctx: { auth } });
});
