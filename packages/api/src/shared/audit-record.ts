import { trace } from "@opentelemetry/api";
import type { Db, Prisma } from "@conduit/db";

/** What the audit log records, every action by name. */
type AuditAction =
  | "account.registered"
  | "account.password_changed"
  | "account.email_changed"
  | "account.email_verified"
  | "account.password_reset"
  | "account.reauthenticated"
  | "account.reauthentication_failed"
  | "session.ended"
  | "session.second_factor_passed"
  | "account.second_factor_failed"
  | "account.recovery_code_used"
  | "account.totp_enabled"
  | "account.totp_disabled"
  | "account.recovery_codes_regenerated"
  | "account.passkey_added"
  | "account.passkey_removed"
  | "account.passkey_renamed"
  | "account.provider_connected"
  | "account.provider_disconnected"
  | "session.provider_sign_in"
  | "session.passkey_sign_in"
  | "session.logged_in"
  | "session.login_failed"
  | "session.logged_out"
  | "session.logged_out_everywhere"
  | "article.updated"
  | "article.deleted"
  | "comment.deleted"
  | "permission.denied"
  | "user.banned"
  | "user.unbanned"
  | "role.granted"
  | "role.revoked"
  | "report.resolved";

export interface AuditEntry {
  action: AuditAction;
  actorId: number | null;
  target?: { type: string; id: string | number };
  outcome?: "success" | "failure" | "denied";
  /** Names only: a slug, an email, a permission. Never a password, token, code or secret. */
  details?: Record<string, string | number | boolean | null>;
}

/** A use of an `:any` permission on an article: whose it was, which one. */
export function anyUse(
  action: "article.updated" | "article.deleted",
  actorId: number,
  article: { slug: string; authorId: number },
): AuditEntry {
  return { action, actorId, target: { type: "article", id: article.slug }, details: { access: "any", authorId: article.authorId } };
}

/** Where a request came from, as the context knows it. */
export interface AuditSource {
  ip: string;
  userAgent: string | null;
  requestId: string;
}

/**
 * Appends one audit record, through `client`: pass the transaction of the change it records, so
 * that both commit or neither does; a refusal, which changes nothing, is recorded on its own.
 */
export async function recordAudit(client: Db | Prisma.TransactionClient, source: AuditSource, entry: AuditEntry): Promise<void> {
  const traceId = trace.getActiveSpan()?.spanContext().traceId;
  await client.auditEvent.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.target?.type ?? null,
      targetId: entry.target === undefined ? null : String(entry.target.id),
      outcome: entry.outcome ?? "success",
      ip: source.ip,
      userAgent: source.userAgent,
      requestId: source.requestId,
      traceId: traceId && !/^0+$/.test(traceId) ? traceId : null,
      details: JSON.stringify(entry.details ?? {}),
    },
    select: { id: true },
  });
}

/** The one deletion the audit log allows (its trigger refuses edits): records older than `before`. */
export async function pruneAudit(db: Db, before: Date): Promise<number> {
  return (await db.auditEvent.deleteMany({ where: { at: { lt: before } } })).count;
}
