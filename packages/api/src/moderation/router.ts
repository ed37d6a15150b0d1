import { z } from "zod";
import type { Actor } from "../context.ts";
import { permittedProcedure, router } from "../trpc.ts";
import { authorize } from "../permissions/authorize.ts";
import { recordAudit } from "../audit/record.ts";
import { banUser } from "./ban-user.ts";
import { fieldError, notFound } from "../shared/field-error.ts";

const usernameInput = z.strictObject({ username: z.string().min(1).max(100) });

/** Nobody owns another account: only `ban:user:any` (moderators, admins) acts here. */
const nobody = -1;

/** The account named, once the caller is allowed to ban or unban: 404 when there is none. */
async function accountToModerate(ctx: Actor, username: string): Promise<{ id: number }> {
  const target = await ctx.db.user.findUnique({ where: { username }, select: { id: true } });
  if (!target) throw notFound("user");
  await authorize(ctx, "ban:user", { type: "user", id: target.id, ownerId: nobody });
  return target;
}

export const moderationRouter = router({
  /**
   * Bans an account: it cannot sign in (log-in answers FORBIDDEN "this account is banned"), and
   * its sessions end at once, their live streams with them on every instance. Its articles and
   * comments stay unless a moderator removes them.
   */
  ban: permittedProcedure("ban:user")
    .input(usernameInput)
    .output(z.object({ banned: z.literal(true), sessionsEnded: z.number() }))
    .mutation(async ({ ctx, input }) => {
      const target = await accountToModerate(ctx, input.username);
      if (target.id === ctx.auth.user.id) throw fieldError("BAD_REQUEST", "user", "cannot ban yourself");
      const sessionsEnded = await banUser(ctx, target.id);
      return { banned: true as const, sessionsEnded };
    }),

  unban: permittedProcedure("ban:user")
    .input(usernameInput)
    .output(z.object({ banned: z.literal(false) }))
    .mutation(async ({ ctx, input }) => {
      const target = await accountToModerate(ctx, input.username);
      await ctx.db.$transaction(async (tx) => {
        await tx.user.update({ where: { id: target.id }, data: { bannedAt: null }, select: { id: true } });
        await recordAudit(tx, ctx, { action: "user.unbanned", actorId: ctx.auth.user.id, target: { type: "user", id: target.id } });
      });
      return { banned: false as const };
    }),
});
