import { z } from "zod";
import { sql } from "@conduit/db";
import { cachedArticleRead } from "../articles/article-caches.ts";
import { publicProcedure, router } from "../trpc.ts";

/**
 * Every tag in use (RealWorld's suite expects them all), by name; bounded all the same. Ordering
 * by use would count the whole ArticleTag table on every call (5 s p99 at 100k articles). The
 * list changes only with an article's tags, so it is kept until any instance changes those.
 */
const maxTagsListed = 1_000;

export const tagsRouter = router({
  list: publicProcedure.output(z.array(z.string())).query(({ ctx }) =>
    cachedArticleRead(ctx.db, "tags", async () => {
      const rows = await ctx.db.$rawRead<{ name: string }>(sql`
        SELECT t."name" FROM "Tag" t WHERE EXISTS (SELECT 1 FROM "ArticleTag" x WHERE x."tagId" = t."id")
        ORDER BY t."name" LIMIT ${maxTagsListed}`);
      return rows.map((r) => r.name);
    }),
  ),
});
