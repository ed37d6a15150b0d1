import { z } from "zod";
import { requiredText } from "./text.ts";

export const articleSlug = z.string().trim().min(1, "can't be blank").max(300);

const tagName = z.string().trim().min(1, "can't be blank").max(40, "is too long (maximum is 40 characters)");
/** At most 10 tags, duplicates dropped, order kept (RealWorld keeps the author's order). */
const tagList = z
  .array(tagName)
  .max(10, "has too many tags (maximum is 10)")
  .transform((tags) => [...new Set(tags)]);

export const createArticleInput = z.strictObject({
  title: requiredText(200),
  description: requiredText(500),
  body: requiredText(100_000),
  tagList: tagList.optional(),
});

/** Omitted fields stay as they are; `tagList: []` clears the tags, `tagList: null` is an error. */
export const updateArticleInput = z.strictObject({
  slug: articleSlug,
  title: requiredText(200).optional(),
  description: requiredText(500).optional(),
  body: requiredText(100_000).optional(),
  tagList: tagList.optional(),
});

export const addCommentInput = z.strictObject({ slug: articleSlug, body: requiredText(10_000) });
