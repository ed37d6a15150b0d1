import { z } from "zod";
import type { Db } from "@conduit/db";
import { authedProcedure, publicProcedure, router } from "../trpc.ts";
import { notFound } from "../shared/field-error.ts";
import { articleIdBySlug, ownArticleId } from "./find-article.ts";
import { ignoreDuplicate } from "../shared/ignore-duplicate.ts";
import { createArticleInput, feedInput, listArticlesInput, slugInput, updateArticleInput } from "./schemas.ts";
import { articlePreviewSchema, articleSchema, articleSelect, toArticle } from "./to-article.ts";
import { listArticlePreviews } from "./list-query.ts";
import { forgetArticleCounts } from "./article-counts.ts";
import { slugFor } from "./slug.ts";
import { ensureTags, tagLinks } from "./ensure-tags.ts";

const articleList = z.object({ articles: z.array(articlePreviewSchema), articlesCount: z.number().int() });


async function readArticle(db: Db, slug: string, viewerId: number | null) {
  const row = await db.article.findUnique({ where: { slug }, select: articleSelect(viewerId, true) });
  if (!row) throw notFound("article");
  const favoritesCount = await db.favorite.count({ where: { articleId: row.id } });
  return toArticle(row, favoritesCount);
}

export const articlesRouter = router({
  list: publicProcedure
    .input(listArticlesInput)
    .output(articleList)
    .query(async ({ ctx, input }) => {
      const viewer = await ctx.getAuth();
      const { tag, author, favorited, before, ...page } = input;
      return listArticlePreviews(ctx.db, { tag, author, favorited, before }, page, viewer?.user.id ?? null);
    }),

  feed: authedProcedure
    .input(feedInput)
    .output(articleList)
    .query(({ ctx, input }) => {
      const { before, ...page } = input;
      return listArticlePreviews(ctx.db, { feedOf: ctx.auth.user.id, before }, page, ctx.auth.user.id);
    }),

  get: publicProcedure
    .input(slugInput)
    .output(articleSchema)
    .query(async ({ ctx, input }) => {
      const viewer = await ctx.getAuth();
      return readArticle(ctx.db, input.slug, viewer?.user.id ?? null);
    }),

  create: authedProcedure
    .input(createArticleInput)
    .output(articleSchema)
    .mutation(async ({ ctx, input }) => {
      const authorId = ctx.auth.user.id;
      await ensureTags(ctx.db, input.tagList ?? []);
      // One nested write: Prisma runs it as a single transaction.
      const { slug } = await ctx.db.article.create({
        data: {
          slug: slugFor(input.title),
          title: input.title,
          description: input.description,
          body: input.body,
          authorId,
          tags: { create: tagLinks(input.tagList ?? []) },
        },
        select: { slug: true },
      });
      await forgetArticleCounts(ctx.db);
      return readArticle(ctx.db, slug, authorId);
    }),

  update: authedProcedure
    .input(updateArticleInput)
    .output(articleSchema)
    .mutation(async ({ ctx, input }) => {
      const { slug, tagList, ...fields } = input;
      const userId = ctx.auth.user.id;
      const id = await ownArticleId(ctx.db, slug, userId);
      if (tagList) await ensureTags(ctx.db, tagList);
      // One nested write, so one transaction: the fields, and the tags replaced when given.
      await ctx.db.article.update({
        where: { id },
        data: { ...fields, updatedAt: new Date(), ...(tagList ? { tags: { deleteMany: {}, create: tagLinks(tagList) } } : {}) },
      });
      if (tagList) await forgetArticleCounts(ctx.db);
      return readArticle(ctx.db, slug, userId);
    }),

  delete: authedProcedure
    .input(slugInput)
    .output(z.object({ deleted: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const id = await ownArticleId(ctx.db, input.slug, ctx.auth.user.id);
      // Tags links, favorites and comments go with it: ON DELETE CASCADE, one statement.
      await ctx.db.article.delete({ where: { id } });
      await forgetArticleCounts(ctx.db);
      return { deleted: true as const };
    }),

  favorite: authedProcedure
    .input(slugInput)
    .output(articleSchema)
    .mutation(async ({ ctx, input }) => {
      const userId = ctx.auth.user.id;
      const articleId = await articleIdBySlug(ctx.db, input.slug);
      await ignoreDuplicate(ctx.db.favorite.create({ data: { userId, articleId } }));
      return readArticle(ctx.db, input.slug, userId);
    }),

  unfavorite: authedProcedure
    .input(slugInput)
    .output(articleSchema)
    .mutation(async ({ ctx, input }) => {
      const userId = ctx.auth.user.id;
      const articleId = await articleIdBySlug(ctx.db, input.slug);
      await ctx.db.favorite.deleteMany({ where: { userId, articleId } });
      return readArticle(ctx.db, input.slug, userId);
    }),
});
