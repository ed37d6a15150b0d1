import { z } from "zod";
import { publicProcedure, router } from "../trpc.ts";

/**
 * Every tag in use (RealWorld's suite expects them all), by name; bounded all the same. Ordering
 * by use would count the whole ArticleTag table on every call (5 s p99 at 100k articles).
 */
const maxTagsListed = 1_000;

export const tagsRouter = router({
  list: publicProcedure.output(z.array(z.string())).query(async ({ ctx }) => {
    const tags = await ctx.db.tag.findMany({
      where: { articles: { some: {} } },
      orderBy: { name: "asc" },
      take: maxTagsListed,
      select: { name: true },
    });
    return tags.map((t) => t.name);
  }),
});
