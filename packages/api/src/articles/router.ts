import { z } from "zod";
import { writeWithEvent, type Db, type Prisma } from "@conduit/db";
import { permittedProcedure, publicProcedure, router } from "../trpc.ts";
import { notFound } from "../shared/field-error.ts";
import { articleIdBySlug, articleFor } from "./find-article.ts";
import { anyUse, recordAudit } from "../shared/audit-record.ts";
import { removeArticle } from "./remove-article.ts";
import { createArticleInput, updateArticleInput } from "@conduit/validators";
import { feedInput, listArticlesInput, slugInput } from "./schemas.ts";
import { articlePreviewSchema, articleSchema } from "./to-article.ts";
import { articleBySlug } from "./article-rows.ts";
import { listArticlePreviews } from "./list-query.ts";
import { forgetArticleReads } from "./article-caches.ts";
import { slugFor } from "./slug.ts";
import { ensureTags, linkTags } from "./ensure-tags.ts";
import { addFavorite, favoriteCount, insertArticle, removeFavorite, unlinkTags } from "./article-writes.ts";
import { liveEvents } from "../shared/event-kinds.ts";

const articleList = z.object({ articles: z.array(articlePreviewSchema), articlesCount: z.number().int() });

/**
 * A favorite added or removed, and, if that changed anything, the article's new count as an
 * event. The count is read under the event-ordering lock (`reads`), so the last event's count is
 * the true one however many favorites race.
 */
async function changeFavorite(
  db: Db,
  article: { id: number; slug: string },
  userId: number,
  change: (tx: Prisma.TransactionClient) => Promise<boolean>,
) {
  await writeWithEvent(
    db,
    async (tx) => (await change(tx)) || null,
    async (_, tx) => {
      return liveEvents.favorites(article, userId, await favoriteCount(tx, article.id));
    },
    { reads: true },
  );
}

async function readArticle(db: Db, slug: string, viewerId: number | null) {
  const article = await articleBySlug(db, slug, viewerId);
  if (!article) throw notFound("article");
  return article;
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

  feed: permittedProcedure("read:feed")
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

  create: permittedProcedure("create:article")
    .input(createArticleInput)
    .output(articleSchema)
    .mutation(async ({ ctx, input }) => {
      const authorId = ctx.auth.user.id;
      if (input.tagList) await ensureTags(ctx.db, input.tagList);
      // The article, its tag links and its event: one transaction.
      const created = await writeWithEvent(
        ctx.db,
        async (tx) => {
          const slug = slugFor(input.title);
          const { title, description, body } = input;
          const id = await insertArticle(tx, { slug, title, description, body, authorId, at: new Date() });
          await linkTags(tx, id, input.tagList ?? []);
          return { id, slug, authorId };
        },
        liveEvents.published,
      );
      await forgetArticleReads(ctx.db);
      return readArticle(ctx.db, created!.slug, authorId);
    }),

  update: permittedProcedure("update:article")
    .input(updateArticleInput)
    .output(articleSchema)
    .mutation(async ({ ctx, input }) => {
      const { slug, tagList, ...fields } = input;
      const article = await articleFor(ctx, slug, "update:article");
      if (tagList) await ensureTags(ctx.db, tagList);
      // One transaction: the fields, the tags replaced when given, and the event. The first
      // statement finds the row by its author too and says whether it is still there (a delete
      // racing this edit may have won); from then on the row is locked until the commit.
      const updated = await writeWithEvent(
        ctx.db,
        async (tx) => {
          const { count } = await tx.article.updateMany({
            // where-mutation equivalent (authorId): articleFor checked the caller against the author, and an article's author never changes
            where: { id: article.id, authorId: article.authorId },
            data: { ...fields, updatedAt: new Date() },
          });
          if (!count) return null;
          // Acting on someone else's article is recorded, in the same transaction.
          if (article.access === "any") await recordAudit(tx, ctx, anyUse("article.updated", ctx.auth.user.id, article));
          if (tagList) {
            await unlinkTags(tx, article.id);
            await linkTags(tx, article.id, tagList);
          }
          return article;
        },
        liveEvents.updated,
      );
      if (!updated) throw notFound("article");
      // Stryker disable next-line ConditionalExpression: dropping the counts on every edit costs a recount, nothing else
      if (tagList) await forgetArticleReads(ctx.db);
      return readArticle(ctx.db, slug, ctx.auth.user.id);
    }),

  delete: permittedProcedure("delete:article")
    .input(slugInput)
    .output(z.object({ deleted: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const article = await articleFor(ctx, input.slug, "delete:article");
      await removeArticle(ctx, article);
      return { deleted: true as const };
    }),

  favorite: permittedProcedure("favorite:article")
    .input(slugInput)
    .output(articleSchema)
    .mutation(async ({ ctx, input }) => {
      const userId = ctx.auth.user.id;
      const article = { id: await articleIdBySlug(ctx.db, input.slug), slug: input.slug };
      // ON CONFLICT: favoriting twice (or from two requests at once) is one favorite and one event.
      await changeFavorite(ctx.db, article, userId, (tx) => addFavorite(tx, userId, article.id));
      return readArticle(ctx.db, input.slug, userId);
    }),

  unfavorite: permittedProcedure("favorite:article")
    .input(slugInput)
    .output(articleSchema)
    .mutation(async ({ ctx, input }) => {
      const userId = ctx.auth.user.id;
      const article = { id: await articleIdBySlug(ctx.db, input.slug), slug: input.slug };
      await changeFavorite(ctx.db, article, userId, (tx) => removeFavorite(tx, userId, article.id));
      return readArticle(ctx.db, input.slug, userId);
    }),
});
