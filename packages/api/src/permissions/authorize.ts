import type { Actor } from "../context.ts";
import { recordAudit } from "../shared/audit-record.ts";
import { forbidden } from "../shared/field-error.ts";
import { allows, type Permission } from "./permission.ts";

/**
 * Whether the caller acts on this target as its owner or by an `:any` permission; FORBIDDEN
 * (recorded in the audit log) when neither. The error names the target's type, as before.
 */
export async function authorize(
  ctx: Actor,
  permission: Permission,
  target: { type: string; id: string | number; ownerId: number },
): Promise<"own" | "any"> {
  const owned = target.ownerId === ctx.auth.user.id;
  // Not owned and allowed can only be `:any`.
  if (allows(ctx.auth.permissions, permission, owned)) return owned ? "own" : "any";
  await recordAudit(ctx.db, ctx, {
    action: "permission.denied",
    actorId: ctx.auth.user.id,
    target: { type: target.type, id: target.id },
    outcome: "denied",
    details: { permission },
  });
  throw forbidden(target.type);
}
