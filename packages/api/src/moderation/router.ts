import { z } from "zod";
import type { Actor } from "../context.ts";
import { permittedProcedure, router } from "../trpc.ts";
import { authorize } from "../permissions/authorize.ts";
import { recordAudit } from "../shared/audit-record.ts";
import { banUser } from "./ban-user.ts";
import { notFound, refuse } from "../shared/field-error.ts";
import { moderationErrors } from "./error-codes.ts";

const usernameInput = z.strictObject({ username: z.string().min(1).max(100) });
const recentLimit = 20;
const excerptLength = 200;

const recentSchema = z.object({
  articles: z.array(z.object({ slug: z.string(), title: z.string(), author: z.string(), createdAt: z.date() })),
  comments: z.array(z.object({ id: z.number(), slug: z.string(), excerpt: z.string(), author: z.string(), createdAt: z.date() })),
  banned: z.array(z.object({ username: z.string(), bannedAt: z.date() })),
});

/** Nobody owns another account: only `ban:user:any` (moderators, admins) acts here. */
const nobody = -1;

/**
 * The account named, once the caller is allowed to ban or unban: the permission first, so that a
 * member learns nothing of which accounts exist (403 either way); then 404 when there is none.
 */
async function accountToModerate(ctx: Actor, username: string): Promise<{ id: number }> {
  await authorize(ctx, "ban:user", { type: "user", id: username, ownerId: nobody });
  const target = await ctx.db.user.findUnique({ where: { username }, select: { id: true } });
  if (!target) throw notFound("user");
  return target;
}

export const moderationRouter = router({
  /**
   * What the moderation page lists beside the open reports: the newest articles and comments,
   * and the banned accounts (newest ban first), each capped. For report resolvers.
   */
  recent: permittedProcedure("resolve:report")
    .output(recentSchema)
    .query(async ({ ctx }) => {
      await authorize(ctx, "resolve:report", { type: "content", id: "recent", ownerId: nobody });
      const author = { select: { username: true } } as const;
      const [articles, comments, banned] = await Promise.all([
        ctx.db.article.findMany({
          orderBy: { id: "desc" },
          take: recentLimit,
          select: { slug: true, title: true, createdAt: true, author },
        }),
        ctx.db.comment.findMany({
          orderBy: { id: "desc" },
          take: recentLimit,
          select: { id: true, body: true, createdAt: true, author, article: { select: { slug: true } } },
        }),
        ctx.db.user.findMany({
          where: { bannedAt: { not: null } },
          orderBy: { bannedAt: "desc" },
          take: recentLimit,
          select: { username: true, bannedAt: true },
        }),
      ]);
      return {
        articles: articles.map((a) => ({ slug: a.slug, title: a.title, author: a.author.username, createdAt: a.createdAt })),
        comments: comments.map((c) => ({
          id: c.id,
          slug: c.article.slug,
          excerpt: c.body.slice(0, excerptLength),
          author: c.author.username,
          createdAt: c.createdAt,
        })),
        banned: banned.map((u) => ({ username: u.username, bannedAt: u.bannedAt! })),
      };
    }),

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
      if (target.id === ctx.auth.user.id) throw refuse(moderationErrors.BAN_SELF);
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
