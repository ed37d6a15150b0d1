import type { Prisma } from "@conduit/db";
import { invalidateUserSessions } from "@conduit/auth";
import type { Actor } from "../context.ts";
import { recordAudit } from "../shared/audit-record.ts";
import { announceSessionsEnded } from "../shared/session-watch.ts";
import { mailNotice } from "./notices.ts";

/** A change of what signs an account in. */
export type CredentialChange =
  | { kind: "password changed" | "password reset" }
  | { kind: "email changed"; from: string; to: string }
  | { kind: "email verified"; email: string };

const audited = {
  "password changed": "account.password_changed",
  "password reset": "account.password_reset",
  "email changed": "account.email_changed",
  "email verified": "account.email_verified",
} as const;

const mailKey = {
  "password changed": "password-changed",
  "password reset": "password-reset-done",
  "email changed": "email-changed",
} as const;

/**
 * What follows every change of a password or an address, in the change's own transaction: the
 * account's other sessions end (every one when `keepSession` is not given: a reset), an audit row
 * and a notice to the address the account had for each change (a proof of an address it already
 * has tells nobody anything). Returns the step to run once the transaction commits: open streams
 * of the ended sessions are told.
 */
export async function credentialChanged(
  ctx: Pick<Actor, "db" | "jobs" | "now" | "ip" | "userAgent" | "requestId" | "publicUrl">,
  tx: Prisma.TransactionClient,
  user: { id: number; email: string; username: string },
  changes: CredentialChange[],
  { keepSession }: { keepSession?: string } = {},
): Promise<() => Promise<void>> {
  await invalidateUserSessions({ db: tx }, user.id, keepSession);
  for (const change of changes) {
    const details: Record<string, string> | undefined =
      change.kind === "email changed"
        ? { from: change.from, to: change.to }
        : change.kind === "email verified"
          ? { email: change.email }
          : undefined;
    await recordAudit(tx, ctx, { action: audited[change.kind], actorId: user.id, target: { type: "user", id: user.id }, details });
    if (change.kind === "email verified") continue;
    await mailNotice(ctx, tx, {
      to: user.email,
      username: user.username,
      notice: change.kind,
      detail: change.kind === "email changed" ? change.to : undefined,
      key: `${mailKey[change.kind]}:${user.id}:${ctx.now().getTime()}`,
    });
  }
  return () => announceSessionsEnded(ctx.db, user.id);
}
