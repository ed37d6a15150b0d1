import { z } from "zod";
import { profileSchema, profileSelect, toProfile } from "../profiles/to-profile.ts";

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

/**
 * The select for reading one article whole, as seen by `viewerId`: tags in the author's order,
 * and "favorited"/"following" narrowed to the viewer. Lists are read by hand-written SQL
 * (list-query.ts). The favorite count is a query of its own (`favorite.count`): Prisma's
 * `_count` aggregates the whole Favorite table on SQLite.
 */
export function articleSelect(viewerId: number | null) {
  return {
    id: true,
    slug: true,
    title: true,
    description: true,
    body: true,
    createdAt: true,
    updatedAt: true,
    author: { select: profileSelect(viewerId) },
    tags: { orderBy: { position: "asc" }, select: { tag: { select: { name: true } } } },
    favorites: viewerId === null ? false : { where: { userId: viewerId }, select: { userId: true }, take: 1 },
  } as const;
}

interface ArticleRow {
  id: number;
  slug: string;
  title: string;
  description: string;
  body?: string;
  createdAt: Date;
  updatedAt: Date;
  author: Parameters<typeof toProfile>[0];
  tags: { tag: { name: string } }[];
  favorites?: unknown[];
}

function toArticlePreview(row: ArticleRow, favoritesCount: number): ArticlePreview {
  return {
    slug: row.slug,
    title: row.title,
    description: row.description,
    tagList: row.tags.map((t) => t.tag.name),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    favorited: (row.favorites?.length ?? 0) > 0,
    favoritesCount,
    author: toProfile(row.author),
  };
}

export function toArticle(row: ArticleRow & { body: string }, favoritesCount: number): Article {
  return { ...toArticlePreview(row, favoritesCount), body: row.body };
}
