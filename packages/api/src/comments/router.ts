import { z } from "zod";
import { writeWithEvent } from "@conduit/db";
import { commentsOfArticle } from "./comment-rows.ts";
import { removeComment } from "./remove-comment.ts";
import { permittedProcedure, publicProcedure, router } from "../trpc.ts";
import { authorize } from "../permissions/authorize.ts";
import { notFound } from "../shared/field-error.ts";
import { slugInput } from "../articles/schemas.ts";
import { articleIdBySlug } from "../articles/find-article.ts";
import { addCommentInput } from "@conduit/validators";
import { commentSchema, commentSelect, toComment } from "./to-comment.ts";
import { liveEvents } from "../shared/event-kinds.ts";

export const commentsRouter = router({
  list: publicProcedure
    .input(slugInput)
    .output(z.array(commentSchema))
    .query(async ({ ctx, input }) => {
      const viewer = await ctx.getAuth();
      return commentsOfArticle(ctx.db, input.slug, viewer?.user.id ?? null);
    }),

  add: permittedProcedure("create:comment")
    .input(addCommentInput)
    .output(commentSchema)
    .mutation(async ({ ctx, input }) => {
      const userId = ctx.auth.user.id;
      const article = { id: await articleIdBySlug(ctx.db, input.slug), slug: input.slug };
      const row = await writeWithEvent(
        ctx.db,
        (tx) => tx.comment.create({ data: { body: input.body, articleId: article.id, authorId: userId }, select: commentSelect(userId) }),
        (created) =>
          liveEvents.commentAdded(article, {
            ...toComment(created),
            author: { id: userId, username: created.author.username, bio: created.author.bio, image: created.author.image },
          }),
      );
      return toComment(row!);
    }),

  delete: permittedProcedure("delete:comment")
    .input(z.strictObject({ slug: slugInput.shape.slug, id: z.coerce.number().int().positive().max(2_147_483_647) }))
    .output(z.object({ deleted: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const article = { id: await articleIdBySlug(ctx.db, input.slug), slug: input.slug };
      const comment = await ctx.db.comment.findFirst({ where: { id: input.id, articleId: article.id }, select: { authorId: true } });
      if (!comment) throw notFound("comment");
      const access = await authorize(ctx, "delete:comment", { type: "comment", id: input.id, ownerId: comment.authorId });
      await removeComment(ctx, article, { id: input.id, authorId: comment.authorId, access });
      return { deleted: true as const };
    }),
});
