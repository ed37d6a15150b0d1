import type { Step } from "./chain.ts";
import { refuse } from "../shared/field-error.ts";
import { requestErrors } from "../shared/request-errors.ts";
import type { Permission } from "../permissions/permission.ts";

/** What an unverified account may not do under EMAIL_VERIFICATION=required: put content in front of others. */
const needsVerifiedEmail: ReadonlySet<Permission> = new Set([
  "create:article",
  "update:article",
  "create:comment",
  "favorite:article",
  "follow:user",
  "create:report",
]);

/** Under EMAIL_VERIFICATION=required, refuses those writes to an account whose address is not proven yet. */
export const verifiedEmail: Step = async ({ ctx, meta }, next) => {
  if (ctx.emailVerification !== "required" || !needsVerifiedEmail.has(meta?.permission as Permission)) return next();
  const auth = await ctx.getAuth();
  if (auth && !auth.user.emailVerifiedAt) throw refuse(requestErrors.EMAIL_UNVERIFIED);
  return next();
};
