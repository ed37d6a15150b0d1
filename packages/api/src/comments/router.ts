import { z } from "zod";
import { authedProcedure, publicProcedure, router } from "../trpc.ts";
import { forbidden, notFound } from "../shared/field-error.ts";
import { slugInput } from "../articles/schemas.ts";
import { articleIdBySlug } from "../articles/find-article.ts";
import { requiredText } from "../shared/text.ts";
import { commentSchema, commentSelect, toComment } from "./to-comment.ts";

/** Comments of one article, oldest first, at most this many (RealWorld's endpoint has no paging). */
export const maxCommentsListed = 500;


export const commentsRouter = router({
  list: publicProcedure
    .input(slugInput)
    .output(z.array(commentSchema))
    .query(async ({ ctx, input }) => {
      const viewer = await ctx.getAuth();
      const id = await articleIdBySlug(ctx.db, input.slug);
      const rows = await ctx.db.comment.findMany({
        where: { articleId: id },
        orderBy: { id: "asc" },
        take: maxCommentsListed,
        select: commentSelect(viewer?.user.id ?? null),
      });
      return rows.map(toComment);
    }),

  add: authedProcedure
    .input(z.strictObject({ slug: slugInput.shape.slug, body: requiredText(10_000) }))
    .output(commentSchema)
    .mutation(async ({ ctx, input }) => {
      const id = await articleIdBySlug(ctx.db, input.slug);
      const row = await ctx.db.comment.create({
        data: { body: input.body, articleId: id, authorId: ctx.auth.user.id },
        select: commentSelect(ctx.auth.user.id),
      });
      return toComment(row);
    }),

  delete: authedProcedure
    .input(z.strictObject({ slug: slugInput.shape.slug, id: z.coerce.number().int().positive().max(2_147_483_647) }))
    .output(z.object({ deleted: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const articleIdValue = await articleIdBySlug(ctx.db, input.slug);
      const comment = await ctx.db.comment.findFirst({ where: { id: input.id, articleId: articleIdValue }, select: { authorId: true } });
      if (!comment) throw notFound("comment");
      if (comment.authorId !== ctx.auth.user.id) throw forbidden("comment");
      await ctx.db.comment.delete({ where: { id: input.id } });
      return { deleted: true as const };
    }),
});
