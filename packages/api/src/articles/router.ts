import { z } from "zod";
import type { Db, Prisma } from "@conduit/db";
import { authedProcedure, publicProcedure, router } from "../trpc.ts";
import { forbidden, notFound } from "../shared/field-error.ts";
import { ignoreDuplicate } from "../shared/ignore-duplicate.ts";
import { createArticleInput, feedInput, listArticlesInput, slugInput, updateArticleInput } from "./schemas.ts";
import { articlePreviewSchema, articleSchema, articleSelect, toArticle, toArticlePreview } from "./to-article.ts";
import { slugFor } from "./slug.ts";

const articleList = z.object({ articles: z.array(articlePreviewSchema), articlesCount: z.number().int() });

/** A page of articles, newest first, and how many match: two queries plus one per relation. */
async function listPage(db: Db, where: Prisma.ArticleWhereInput, page: { limit: number; offset: number }, viewerId: number | null) {
  const [rows, articlesCount] = await Promise.all([
    db.article.findMany({ where, orderBy: { id: "desc" }, take: page.limit, skip: page.offset, select: articleSelect(viewerId, false) }),
    db.article.count({ where }),
  ]);
  return { articles: rows.map(toArticlePreview), articlesCount };
}

async function readArticle(db: Db, slug: string, viewerId: number | null) {
  const row = await db.article.findUnique({ where: { slug }, select: articleSelect(viewerId, true) });
  if (!row) throw notFound("article");
  return toArticle(row);
}

/** The article's id if the caller wrote it: 404 when there is no such article, 403 when it is someone else's. */
async function ownArticleId(db: Db, slug: string, userId: number): Promise<number> {
  const article = await db.article.findUnique({ where: { slug }, select: { id: true, authorId: true } });
  if (!article) throw notFound("article");
  if (article.authorId !== userId) throw forbidden("article");
  return article.id;
}

async function tagIds(tx: Prisma.TransactionClient, names: string[]): Promise<number[]> {
  const tags = await Promise.all(
    names.map((name) => tx.tag.upsert({ where: { name }, create: { name }, update: {}, select: { id: true } })),
  );
  return tags.map((t) => t.id);
}

export const articlesRouter = router({
  list: publicProcedure
    .input(listArticlesInput)
    .output(articleList)
    .query(async ({ ctx, input }) => {
      const viewer = await ctx.getAuth();
      const where: Prisma.ArticleWhereInput = {
        ...(input.tag ? { tags: { some: { tag: { name: input.tag } } } } : {}),
        ...(input.author ? { author: { username: input.author } } : {}),
        ...(input.favorited ? { favorites: { some: { user: { username: input.favorited } } } } : {}),
      };
      return listPage(ctx.db, where, input, viewer?.user.id ?? null);
    }),

  feed: authedProcedure
    .input(feedInput)
    .output(articleList)
    .query(({ ctx, input }) => {
      const where = { author: { followers: { some: { followerId: ctx.auth.user.id } } } };
      return listPage(ctx.db, where, input, ctx.auth.user.id);
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
      const slug = await ctx.db.$transaction(async (tx) => {
        const ids = await tagIds(tx, input.tagList ?? []);
        const article = await tx.article.create({
          data: {
            slug: slugFor(input.title),
            title: input.title,
            description: input.description,
            body: input.body,
            authorId,
            tags: { create: ids.map((tagId, position) => ({ tagId, position })) },
          },
          select: { slug: true },
        });
        return article.slug;
      });
      return readArticle(ctx.db, slug, authorId);
    }),

  update: authedProcedure
    .input(updateArticleInput)
    .output(articleSchema)
    .mutation(async ({ ctx, input }) => {
      const { slug, tagList, ...fields } = input;
      const userId = ctx.auth.user.id;
      const id = await ownArticleId(ctx.db, slug, userId);
      await ctx.db.$transaction(async (tx) => {
        await tx.article.update({ where: { id }, data: { ...fields, updatedAt: new Date() } });
        if (tagList) {
          const ids = await tagIds(tx, tagList);
          await tx.articleTag.deleteMany({ where: { articleId: id } });
          await tx.articleTag.createMany({ data: ids.map((tagId, position) => ({ articleId: id, tagId, position })) });
        }
      });
      return readArticle(ctx.db, slug, userId);
    }),

  delete: authedProcedure
    .input(slugInput)
    .output(z.object({ deleted: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const id = await ownArticleId(ctx.db, input.slug, ctx.auth.user.id);
      // Tags links, favorites and comments go with it: ON DELETE CASCADE, one statement.
      await ctx.db.article.delete({ where: { id } });
      return { deleted: true as const };
    }),

  favorite: authedProcedure
    .input(slugInput)
    .output(articleSchema)
    .mutation(async ({ ctx, input }) => {
      const userId = ctx.auth.user.id;
      const article = await ctx.db.article.findUnique({ where: { slug: input.slug }, select: { id: true } });
      if (!article) throw notFound("article");
      await ignoreDuplicate(ctx.db.favorite.create({ data: { userId, articleId: article.id } }));
      return readArticle(ctx.db, input.slug, userId);
    }),

  unfavorite: authedProcedure
    .input(slugInput)
    .output(articleSchema)
    .mutation(async ({ ctx, input }) => {
      const userId = ctx.auth.user.id;
      const article = await ctx.db.article.findUnique({ where: { slug: input.slug }, select: { id: true } });
      if (!article) throw notFound("article");
      await ctx.db.favorite.deleteMany({ where: { userId, articleId: article.id } });
      return readArticle(ctx.db, input.slug, userId);
    }),
});
