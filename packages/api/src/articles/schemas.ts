import { z } from "zod";
import { articleSlug } from "@conduit/validators";
import { pageInput } from "../shared/pagination.ts";

export const slugInput = z.strictObject({ slug: articleSlug });

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
