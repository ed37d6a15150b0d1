import { z } from "zod";
import { writeWithEvent } from "@conduit/db";
import { permittedProcedure, publicProcedure, router } from "../trpc.ts";
import { authorize } from "../permissions/authorize.ts";
import { recordAudit } from "../audit/record.ts";
import { notFound } from "../shared/field-error.ts";
import { slugInput } from "../articles/schemas.ts";
import { articleIdBySlug } from "../articles/find-article.ts";
import { addCommentInput } from "@conduit/validators";
import { commentSchema, commentSelect, toComment } from "./to-comment.ts";
import { liveEvents } from "../live/event-kinds.ts";

/** Comments of one article, oldest first, at most this many (RealWorld's endpoint has no paging). */
const maxCommentsListed = 500;

export const commentsRouter = router({
  list: publicProcedure
    .input(slugInput)
    .output(z.array(commentSchema))
    .query(async ({ ctx, input }) => {
      const viewer = await ctx.getAuth();
      const id = await articleIdBySlug(ctx.db, input.slug);
      const rows = await ctx.db.comment.findMany({
        where: { articleId: id },
        // Stryker disable next-line ObjectLiteral: without it both databases happen to return insertion order; the order is promised, so it is asked for
        orderBy: { id: "asc" },
        take: maxCommentsListed,
        select: commentSelect(viewer?.user.id ?? null),
      });
      return rows.map(toComment);
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
      // The delete names the author again: of several deletes at once, or one racing the article's
      // deletion, only the statement that removed the row answers OK. The lookup above placed the
      // comment on this article, and a comment never moves.
      const deleted = await writeWithEvent(
        ctx.db,
        async (tx) => {
          // where-mutation equivalent (authorId): the lookup checked the author, and a comment's author never changes
          if (!(await tx.comment.deleteMany({ where: { id: input.id, authorId: comment.authorId } })).count) return null;
          if (access === "any")
            await recordAudit(tx, ctx, {
              action: "comment.deleted",
              actorId: ctx.auth.user.id,
              target: { type: "comment", id: input.id },
              details: { access: "any", authorId: comment.authorId, article: input.slug },
            });
          return input.id;
        },
        (id) => liveEvents.commentDeleted(article, comment.authorId, id),
      );
      if (deleted === null) throw notFound("comment");
      return { deleted: true as const };
    }),
});
