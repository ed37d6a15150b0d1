import { sql, type Sql } from "@conduit/db";

/**
 * Values of hand-written reads ($rawRead) as the API returns them: SQLite gives integers as
 * bigint and dates as text, PostgreSQL gives Date objects.
 */
export type RawRow = Record<string, unknown>;
export const num = (v: unknown) => Number(v);
/** Prisma writes SQLite dates as `2026-01-01T00:00:00.000+00:00`: that is ISO already, in UTC. */
const sqliteUtc = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/;
export const iso = (v: unknown) =>
  typeof v === "string" && sqliteUtc.test(v) ? `${v.slice(0, 23)}Z` : new Date(v as string | Date).toISOString();
const text = (v: unknown) => (v === null ? null : String(v));

/** 1 when `viewerId` follows the user `userId` names; an anonymous viewer follows nobody, unasked. */
export function followingColumn(viewerId: number | null, userId: Sql): Sql {
  return viewerId === null
    ? sql`0 AS "following"`
    : sql`CASE WHEN EXISTS (SELECT 1 FROM "Follow" w WHERE w."followedId" = ${userId} AND w."followerId" = ${viewerId}) THEN 1 ELSE 0 END AS "following"`;
}

/** A user's public fields and `following`, read by `followingColumn`, as a profile. */
export const profileOfRow = (r: RawRow) => ({
  username: String(r.username),
  bio: text(r.bio),
  image: text(r.image),
  following: num(r.following) === 1,
});
