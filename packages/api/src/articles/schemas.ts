import { z } from "zod";
import { pageInput } from "../shared/pagination.ts";
import { requiredText } from "../shared/text.ts";

const tagName = z.string().trim().min(1, "can't be blank").max(40, "is too long (maximum is 40 characters)");
/** At most 10 tags, duplicates dropped, order kept (RealWorld keeps the author's order). */
const tagList = z
  .array(tagName)
  .max(10, "has too many tags (maximum is 10)")
  .transform((tags) => [...new Set(tags)]);

export const slugInput = z.strictObject({ slug: z.string().trim().min(1, "can't be blank").max(300) });

/** Keyset paging for deep pages: the slug of the last article seen (offset then counts from it). */
const before = z.string().min(1).max(300).optional();

export const listArticlesInput = z.strictObject({
  tag: z.string().max(40).optional(),
  author: z.string().max(40).optional(),
  favorited: z.string().max(40).optional(),
  before,
  ...pageInput,
});

export const feedInput = z.strictObject({ before, ...pageInput });

export const createArticleInput = z.strictObject({
  title: requiredText(200),
  description: requiredText(500),
  body: requiredText(100_000),
  tagList: tagList.optional(),
});

/** Omitted fields stay as they are; `tagList: []` clears the tags, `tagList: null` is an error. */
export const updateArticleInput = z.strictObject({
  slug: slugInput.shape.slug,
  title: requiredText(200).optional(),
  description: requiredText(500).optional(),
  body: requiredText(100_000).optional(),
  tagList: tagList.optional(),
});
