import { sql, type Db, type Prisma, type Sql } from "@conduit/db";
import { notFound } from "../shared/field-error.ts";
import { followingColumn, profileOfRow, type RawRow } from "../shared/raw-values.ts";
import type { Profile } from "./to-profile.ts";

/** The profile of the user `which` names (a condition on `u`), as `viewerId` sees it; 404 when there is none. */
async function readProfile(db: Db, which: Sql, viewerId: number | null): Promise<Profile> {
  const [row] = await db.$rawRead<RawRow>(sql`
    SELECT u."username", u."bio", u."image", ${followingColumn(viewerId, sql`u."id"`)}
    FROM "User" u WHERE ${which}`);
  if (!row) throw notFound("profile");
  return profileOfRow(row);
}

/** A profile by its username, as the viewer (or a visitor, null) sees it. */
export const profileByUsername = (db: Db, username: string, viewerId: number | null) =>
  readProfile(db, sql`u."username" = ${username}`, viewerId);

/** A profile by its user's id, as the viewer sees it. */
export const profileById = (db: Db, userId: number, viewerId: number) => readProfile(db, sql`u."id" = ${userId}`, viewerId);

/** Follows a user; false when already followed (ON CONFLICT: two at once are one follow). */
export async function addFollow(tx: Prisma.TransactionClient, followerId: number, followedId: number): Promise<boolean> {
  const added = await tx.$executeRaw(
    sql`INSERT INTO "Follow" ("followerId", "followedId", "createdAt") VALUES (${followerId}, ${followedId}, ${new Date()}) ON CONFLICT DO NOTHING`,
  );
  return added > 0;
}
