import { z } from "zod";
import type { Actor } from "../context.ts";
import { isUniqueViolation } from "@conduit/db";
import { permittedProcedure, router } from "../trpc.ts";
import { authorize } from "../permissions/authorize.ts";
import { recordAudit } from "../shared/audit-record.ts";
import { notFound, refuse } from "../shared/field-error.ts";
import { reportErrors } from "./error-codes.ts";
import { slugInput } from "../articles/schemas.ts";
import { removeArticle } from "../articles/remove-article.ts";
import { removeComment } from "../comments/remove-comment.ts";
import { banUser } from "../moderation/ban-user.ts";

const pageLimit = 100;
const id = z.number().int().positive().max(2_147_483_647);

const targetInput = z.union([
  z.strictObject({ article: slugInput.shape.slug }),
  z.strictObject({ comment: z.strictObject({ slug: slugInput.shape.slug, id }) }),
]);

const reportSchema = z.object({
  id: z.number(),
  target: z.object({ type: z.enum(["article", "comment"]), id: z.number() }),
  author: z.string().nullable(),
  reporter: z.string().nullable(),
  reason: z.string(),
  createdAt: z.date(),
  /** What was reported: the article's title, or the comment's start, and where it is; null once removed. */
  content: z.object({ slug: z.string(), excerpt: z.string() }).nullable(),
});

const excerptLength = 200;

/** The reported articles and comments of a page of reports, by target, for the moderator to read. */
async function contentOf(db: Actor["db"], reports: { targetType: string; targetId: number }[]) {
  const ids = (type: string) => reports.filter((r) => r.targetType === type).map((r) => r.targetId);
  const [articles, comments] = await Promise.all([
    db.article.findMany({ where: { id: { in: ids("article") } }, select: { id: true, slug: true, title: true } }),
    db.comment.findMany({ where: { id: { in: ids("comment") } }, select: { id: true, body: true, article: { select: { slug: true } } } }),
  ]);
  return new Map<string, { slug: string; excerpt: string }>([
    ...articles.map((a) => [`article:${a.id}`, { slug: a.slug, excerpt: a.title }] as const),
    ...comments.map((c) => [`comment:${c.id}`, { slug: c.article.slug, excerpt: c.body.slice(0, excerptLength) }] as const),
  ]);
}

/** The reported content and whose it is; NOT_FOUND when it is not there. */
async function reportedContent(db: Actor["db"], target: z.infer<typeof targetInput>) {
  if ("article" in target) {
    const article = await db.article.findUnique({ where: { slug: target.article }, select: { id: true, authorId: true } });
    if (!article) throw notFound("article");
    return { targetType: "article" as const, targetId: article.id, authorId: article.authorId };
  }
  const comment = await db.comment.findFirst({
    where: { id: target.comment.id, article: { slug: target.comment.slug } },
    select: { id: true, authorId: true },
  });
  if (!comment) throw notFound("comment");
  return { targetType: "comment" as const, targetId: comment.id, authorId: comment.authorId };
}

export const reportsRouter = router({
  /** A member reports an article or a comment, once each, with a short reason. */
  create: permittedProcedure("create:report")
    .input(z.strictObject({ target: targetInput, reason: z.string().trim().min(1).max(500) }))
    .output(z.object({ reported: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const content = await reportedContent(ctx.db, input.target);
      if (content.authorId === ctx.auth.user.id) throw refuse(reportErrors.OWN_CONTENT);
      try {
        await ctx.db.report.create({ data: { ...content, reporterId: ctx.auth.user.id, reason: input.reason }, select: { id: true } });
      } catch (error) {
        if (isUniqueViolation(error)) throw refuse(reportErrors.REPORTED_ALREADY);
        throw error;
      }
      return { reported: true as const };
    }),

  /** Open reports, newest first, for moderators (`resolve:report:any`). */
  list: permittedProcedure("resolve:report")
    .input(z.strictObject({ before: id.optional(), limit: z.number().int().min(1).max(pageLimit).default(50) }))
    .output(z.object({ reports: z.array(reportSchema), nextBefore: z.number().nullable() }))
    .query(async ({ ctx, input }) => {
      await authorize(ctx, "resolve:report", { type: "report", id: "open", ownerId: -1 });
      const rows = await ctx.db.report.findMany({
        where: { status: "open", ...(input.before ? { id: { lt: input.before } } : {}) },
        orderBy: { id: "desc" },
        take: input.limit + 1,
        include: { reporter: { select: { username: true } } },
      });
      const page = rows.slice(0, input.limit);
      const content = await contentOf(ctx.db, page);
      const authors = new Map(
        (
          await ctx.db.user.findMany({
            where: { id: { in: [...new Set(page.map((r) => r.authorId))] } },
            select: { id: true, username: true },
          })
        ).map((u) => [u.id, u.username]),
      );
      return {
        reports: page.map((r) => ({
          id: r.id,
          target: { type: r.targetType as "article" | "comment", id: r.targetId },
          author: authors.get(r.authorId) ?? null,
          reporter: r.reporter.username,
          reason: r.reason,
          createdAt: r.createdAt,
          content: content.get(`${r.targetType}:${r.targetId}`) ?? null,
        })),
        nextBefore: rows.length > input.limit ? page.at(-1)!.id : null,
      };
    }),

  /**
   * Resolves an open report, and every other open report of the same content, by removing the
   * content, banning its author, or dismissing it. A report resolved already is a CONFLICT.
   */
  resolve: permittedProcedure("resolve:report")
    .input(z.strictObject({ id, action: z.enum(["remove", "ban", "dismiss"]) }))
    .output(z.object({ resolved: z.number() }))
    .mutation(async ({ ctx, input }) => {
      await authorize(ctx, "resolve:report", { type: "report", id: input.id, ownerId: -1 });
      const report = await ctx.db.report.findUnique({ where: { id: input.id } });
      if (!report) throw notFound("report");
      if (report.status !== "open") throw refuse(reportErrors.RESOLVED_ALREADY);
      if (input.action === "ban") await banUser(ctx, report.authorId);
      if (input.action === "remove") await removeTarget(ctx, report);
      const status = { remove: "removed", ban: "banned", dismiss: "dismissed" }[input.action];
      const resolved = await ctx.db.$transaction(async (tx) => {
        const { count } = await tx.report.updateMany({
          where: { targetType: report.targetType, targetId: report.targetId, status: "open" },
          data: { status, resolvedById: ctx.auth.user.id, resolvedAt: ctx.now() },
        });
        if (count)
          await recordAudit(tx, ctx, {
            action: "report.resolved",
            actorId: ctx.auth.user.id,
            target: { type: report.targetType, id: report.targetId },
            details: { report: report.id, resolution: status, reports: count },
          });
        return count;
      });
      if (!resolved) throw refuse(reportErrors.RESOLVED_ALREADY);
      return { resolved };
    }),
});

/** Removes the reported content if it is still there (its author may have deleted it meanwhile). */
async function removeTarget(ctx: Actor, report: { targetType: string; targetId: number; authorId: number }) {
  const access = report.authorId === ctx.auth.user.id ? "own" : "any";
  if (report.targetType === "article") {
    const article = await ctx.db.article.findUnique({ where: { id: report.targetId }, select: { id: true, slug: true, authorId: true } });
    if (article) await removeArticle(ctx, { ...article, access }).catch(ignoreGone);
    return;
  }
  const comment = await ctx.db.comment.findUnique({
    where: { id: report.targetId },
    select: { id: true, authorId: true, article: { select: { id: true, slug: true } } },
  });
  if (comment) await removeComment(ctx, comment.article, { id: comment.id, authorId: comment.authorId, access }).catch(ignoreGone);
}

/** Content deleted between the lookup and the delete is removed all the same. */
function ignoreGone(error: unknown): void {
  if (!(error instanceof Error && "code" in error && error.code === "NOT_FOUND")) throw error;
}
