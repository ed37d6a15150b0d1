import { z } from "zod";
import { profileSchema, profileSelect, toProfile } from "../profiles/to-profile.ts";

export const commentSchema = z.object({
  id: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  body: z.string(),
  author: profileSchema,
});
export type Comment = z.infer<typeof commentSchema>;

export function commentSelect(viewerId: number | null) {
  return { id: true, createdAt: true, updatedAt: true, body: true, author: { select: profileSelect(viewerId) } } as const;
}

export function toComment(row: {
  id: number;
  createdAt: Date;
  updatedAt: Date;
  body: string;
  author: Parameters<typeof toProfile>[0];
}): Comment {
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    body: row.body,
    author: toProfile(row.author),
  };
}
