import { z } from "zod";
import { sql, writeWithEvent, type Db, type Sql } from "@conduit/db";
import { permittedProcedure, publicProcedure, router } from "../trpc.ts";
import { fieldError, notFound } from "../shared/field-error.ts";
import { liveEvents } from "../shared/event-kinds.ts";
import { profileSchema, type Profile } from "./to-profile.ts";
import { followingColumn, profileOfRow, type RawRow } from "../shared/raw-values.ts";

const byUsername = z.strictObject({ username: z.string().trim().min(1, "can't be blank").max(40) });

async function userIdByUsername(db: Db, username: string): Promise<number> {
  const user = await db.user.findUnique({ where: { username }, select: { id: true } });
  if (!user) throw notFound("profile");
  return user.id;
}

/** The profile of the user `which` names (a condition on `u`), as `viewerId` sees it; 404 when there is none. */
async function readProfile(db: Db, which: Sql, viewerId: number | null): Promise<Profile> {
  const [row] = await db.$rawRead<RawRow>(sql`
    SELECT u."username", u."bio", u."image", ${followingColumn(viewerId, sql`u."id"`)}
    FROM "User" u WHERE ${which}`);
  if (!row) throw notFound("profile");
  return profileOfRow(row);
}

const profileOf = (db: Db, userId: number, viewerId: number) => readProfile(db, sql`u."id" = ${userId}`, viewerId);

export const profilesRouter = router({
  get: publicProcedure
    .input(byUsername)
    .output(profileSchema)
    .query(async ({ ctx, input }) => {
      const viewer = await ctx.getAuth();
      return readProfile(ctx.db, sql`u."username" = ${input.username}`, viewer?.user.id ?? null);
    }),

  follow: permittedProcedure("follow:user")
    .input(byUsername)
    .output(profileSchema)
    .mutation(async ({ ctx, input }) => {
      const followerId = ctx.auth.user.id;
      const followedId = await userIdByUsername(ctx.db, input.username);
      if (followedId === followerId) throw fieldError("BAD_REQUEST", "profile", "cannot follow yourself");
      // ON CONFLICT: following twice (or from two requests at once) is one follow and one event.
      await writeWithEvent(
        ctx.db,
        async (tx) =>
          (await tx.$executeRaw(
            sql`INSERT INTO "Follow" ("followerId", "followedId", "createdAt") VALUES (${followerId}, ${followedId}, ${new Date()}) ON CONFLICT DO NOTHING`,
          )) > 0 || null,
        () => liveEvents.followed(followerId, followedId),
      );
      return profileOf(ctx.db, followedId, followerId);
    }),

  unfollow: permittedProcedure("follow:user")
    .input(byUsername)
    .output(profileSchema)
    .mutation(async ({ ctx, input }) => {
      const followerId = ctx.auth.user.id;
      const followedId = await userIdByUsername(ctx.db, input.username);
      await writeWithEvent(
        ctx.db,
        async (tx) => (await tx.follow.deleteMany({ where: { followerId, followedId } })).count > 0 || null,
        () => liveEvents.unfollowed(followerId, followedId),
      );
      return profileOf(ctx.db, followedId, followerId);
    }),
});
