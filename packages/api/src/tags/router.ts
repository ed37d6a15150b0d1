import { z } from "zod";
import { tagsInUse } from "./tag-rows.ts";
import { cachedArticleRead } from "../articles/article-caches.ts";
import { publicProcedure, router } from "../trpc.ts";

/**
 * Every tag in use (RealWorld's suite expects them all), by name; bounded all the same. Ordering
 * by use would count the whole ArticleTag table on every call (5 s p99 at 100k articles). The
 * list changes only with an article's tags, so it is kept until any instance changes those.
 */
const maxTagsListed = 1_000;

export const tagsRouter = router({
  list: publicProcedure
    .output(z.array(z.string()))
    .query(({ ctx }) => cachedArticleRead(ctx.db, "tags", () => tagsInUse(ctx.db, maxTagsListed))),
});
