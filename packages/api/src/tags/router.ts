import { z } from "zod";
import { publicProcedure, router } from "../trpc.ts";

/** Every tag in use (RealWorld's suite expects them all), most used first; bounded all the same. */
export const maxTagsListed = 1_000;

export const tagsRouter = router({
  list: publicProcedure.output(z.array(z.string())).query(async ({ ctx }) => {
    const tags = await ctx.db.tag.findMany({
      where: { articles: { some: {} } },
      orderBy: [{ articles: { _count: "desc" } }, { name: "asc" }],
      take: maxTagsListed,
      select: { name: true },
    });
    return tags.map((t) => t.name);
  }),
});
