import { z } from "zod";

export const profileSchema = z.object({
  username: z.string(),
  bio: z.string().nullable(),
  image: z.string().nullable(),
  following: z.boolean(),
});
export type Profile = z.infer<typeof profileSchema>;

/**
 * Selects a user as a profile seen by `viewerId`: `followers` is narrowed to the viewer, so
 * "am I following?" comes in the same query as the rest.
 */
export function profileSelect(viewerId: number | null) {
  return {
    username: true,
    bio: true,
    image: true,
    // An anonymous viewer follows no one: no query for it.
    followers: viewerId === null ? false : { where: { followerId: viewerId }, select: { followerId: true }, take: 1 },
  } as const;
}

export function toProfile(row: { username: string; bio: string | null; image: string | null; followers?: unknown[] }): Profile {
  return { username: row.username, bio: row.bio, image: row.image, following: (row.followers?.length ?? 0) > 0 };
}
