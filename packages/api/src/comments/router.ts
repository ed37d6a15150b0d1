import { z } from "zod";
import { sql, writeWithEvent } from "@conduit/db";
import { followingColumn, iso, num, profileOfRow, type RawRow } from "../shared/raw-values.ts";
import { removeComment } from "./remove-comment.ts";
import { permittedProcedure, publicProcedure, router } from "../trpc.ts";
import { authorize } from "../permissions/authorize.ts";
import { notFound } from "../shared/field-error.ts";
import { slugInput } from "../articles/schemas.ts";
import { articleIdBySlug } from "../articles/find-article.ts";
import { addCommentInput } from "@conduit/validators";
import { commentSchema, commentSelect, toComment } from "./to-comment.ts";
import { liveEvents } from "../shared/event-kinds.ts";

/** Comments of one article, oldest first, at most this many (RealWorld's endpoint has no paging). */
const maxCommentsListed = 500;

export const commentsRouter = router({
  list: publicProcedure
    .input(slugInput)
    .output(z.array(commentSchema))
    .query(async ({ ctx, input }) => {
      const viewer = await ctx.getAuth();
      const viewerId = viewer?.user.id ?? null;
      // One statement: the article's row with each of its comments, or alone (no comments), or none (404).
      const rows = await ctx.db.$rawRead<RawRow>(sql`
        SELECT c."id", c."createdAt", c."updatedAt", c."body", u."username", u."bio", u."image", ${followingColumn(viewerId, sql`c."authorId"`)}
        FROM "Article" a
        LEFT JOIN "Comment" c ON c."articleId" = a."id"
        LEFT JOIN "User" u ON u."id" = c."authorId"
        WHERE a."slug" = ${input.slug}
        ORDER BY c."id" LIMIT ${maxCommentsListed}`);
      if (!rows.length) throw notFound("article");
      return rows
        .filter((r) => r.id !== null)
        .map((r) => ({
          id: num(r.id),
          createdAt: iso(r.createdAt),
          updatedAt: iso(r.updatedAt),
          body: String(r.body),
          author: profileOfRow(r),
        }));
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
