import { z } from "zod";

export const userSchema = z.object({
  email: z.string(),
  token: z.string(),
  username: z.string(),
  bio: z.string().nullable(),
  image: z.string().nullable(),
});
export type User = z.infer<typeof userSchema>;

/** The signed-in user as RealWorld returns it; the password hash is never selected. */
export function toUser(row: { email: string; username: string; bio: string | null; image: string | null }, token: string): User {
  return { email: row.email, token, username: row.username, bio: row.bio, image: row.image };
}
