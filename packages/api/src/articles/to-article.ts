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
 * One select for every article read, as seen by `viewerId`: tags in the author's order, the
 * favorite count from the database, and "favorited"/"following" narrowed to the viewer. Prisma
 * loads each relation for the whole page in one query, so a page costs the same few queries
 * whatever its size.
 */
export function articleSelect(viewerId: number | null, withBody: boolean) {
  return {
    slug: true,
    title: true,
    description: true,
    body: withBody,
    createdAt: true,
    updatedAt: true,
    author: { select: profileSelect(viewerId) },
    tags: { orderBy: { position: "asc" }, select: { tag: { select: { name: true } } } },
    favorites: { where: { userId: viewerId ?? -1 }, select: { userId: true }, take: 1 },
    _count: { select: { favorites: true } },
  } as const;
}

interface ArticleRow {
  slug: string;
  title: string;
  description: string;
  body?: string;
  createdAt: Date;
  updatedAt: Date;
  author: Parameters<typeof toProfile>[0];
  tags: { tag: { name: string } }[];
  favorites: unknown[];
  _count: { favorites: number };
}

export function toArticlePreview(row: ArticleRow): ArticlePreview {
  return {
    slug: row.slug,
    title: row.title,
    description: row.description,
    tagList: row.tags.map((t) => t.tag.name),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    favorited: row.favorites.length > 0,
    favoritesCount: row._count.favorites,
    author: toProfile(row.author),
  };
}

export function toArticle(row: ArticleRow & { body: string }): Article {
  return { ...toArticlePreview(row), body: row.body };
}
