import { invalidateUserSessions } from "@conduit/auth";
import type { Actor } from "../context.ts";
import { recordAudit } from "../shared/audit-record.ts";
import { announceSessionsEnded } from "../shared/session-watch.ts";

/**
 * Bans an account in one transaction (its `bannedAt`, the end of every session, the audit record),
 * then tells every instance, whose open streams of that account end. Returns the sessions ended.
 */
export async function banUser(ctx: Actor, userId: number): Promise<number> {
  const sessionsEnded = await ctx.db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { bannedAt: ctx.now() }, select: { id: true } });
    const ended = await invalidateUserSessions({ db: tx }, userId);
    await recordAudit(tx, ctx, {
      action: "user.banned",
      actorId: ctx.auth.user.id,
      target: { type: "user", id: userId },
      details: { sessionsEnded: ended },
    });
    return ended;
  });
  await announceSessionsEnded(ctx.db, userId);
  return sessionsEnded;
}
