import { z } from "zod";
import { authedProcedure, publicProcedure, router } from "../trpc.ts";
import { forbidden, notFound } from "../shared/field-error.ts";
import { slugInput } from "../articles/schemas.ts";
import { requiredText } from "../shared/text.ts";
import { commentSchema, commentSelect, toComment } from "./to-comment.ts";

/** Comments of one article, oldest first, at most this many (RealWorld's endpoint has no paging). */
export const maxCommentsListed = 500;

async function articleId(db: import("@conduit/db").Db, slug: string): Promise<number> {
  const article = await db.article.findUnique({ where: { slug }, select: { id: true } });
  if (!article) throw notFound("article");
  return article.id;
}

export const commentsRouter = router({
  list: publicProcedure
    .input(slugInput)
    .output(z.array(commentSchema))
    .query(async ({ ctx, input }) => {
      const viewer = await ctx.getAuth();
      const id = await articleId(ctx.db, input.slug);
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
      const id = await articleId(ctx.db, input.slug);
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
      const articleIdValue = await articleId(ctx.db, input.slug);
      const comment = await ctx.db.comment.findFirst({ where: { id: input.id, articleId: articleIdValue }, select: { authorId: true } });
      if (!comment) throw notFound("comment");
      if (comment.authorId !== ctx.auth.user.id) throw forbidden("comment");
      await ctx.db.comment.delete({ where: { id: input.id } });
      return { deleted: true as const };
    }),
});
