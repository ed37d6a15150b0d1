import { z } from "zod";
import { profileSchema } from "../profiles/to-profile.ts";

const articleFields = {
  slug: z.string(),
  title: z.string(),
  description: z.string(),
  tagList: z.array(z.string()),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  favorited: z.boolean(),
  favoritesCount: z.number().int(),
  author: profileSchema,
};
/** An article in a list: RealWorld leaves the body out of lists. */
export const articlePreviewSchema = z.object(articleFields);
export const articleSchema = z.object({ ...articleFields, body: z.string() });
export type ArticlePreview = z.infer<typeof articlePreviewSchema>;
export type Article = z.infer<typeof articleSchema>;
