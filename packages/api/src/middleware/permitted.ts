import { TRPCError } from "@trpc/server";
import type { Step } from "./chain.ts";
import { refuse } from "../shared/field-error.ts";
import { allows } from "../permissions/permission.ts";
import { recordAudit } from "../shared/audit-record.ts";
import { requestErrors } from "../shared/request-errors.ts";

/**
 * Runs a procedure only if the caller's roles grant its declared permission on something: `:own`
 * or `:any`. A procedure that acts on one owned resource asks `allows` again once it knows the
 * owner (articles.update, comments.delete). The permissions came with the session: no query here.
 */
export const permitted: Step = async ({ ctx, meta }, next) => {
  const declared = meta?.permission;
  // A programming error, not a refusal: the completeness test keeps it from happening.
  if (declared === undefined) throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "procedure declares no permission" });
  if (declared === "public") return next();
  const auth = await ctx.getAuth();
  // signedIn ran first; this keeps the types honest.
  if (!auth) throw refuse(requestErrors.TOKEN_MISSING);
  // On something the caller owns, `allows` says yes to `:own` and to `:any` alike.
  if (!allows(auth.permissions, declared, true)) {
    const [action, entity] = declared.split(":");
    await recordAudit(ctx.db, ctx, {
      action: "permission.denied",
      actorId: auth.user.id,
      outcome: "denied",
      details: { permission: declared },
    });
    throw refuse(requestErrors.PERMISSION_DENIED, { field: entity, message: `you may not ${action} ${entity}s` });
  }
  return next();
};
