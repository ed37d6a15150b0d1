import { z } from "zod";
import { writeWithEvent, type Db } from "@conduit/db";
import { permittedProcedure, publicProcedure, router } from "../trpc.ts";
import { notFound, refuse } from "../shared/field-error.ts";
import { profileErrors } from "./error-codes.ts";
import { liveEvents } from "../shared/event-kinds.ts";
import { profileSchema } from "./to-profile.ts";
import { addFollow, profileById, profileByUsername } from "./profile-rows.ts";

const byUsername = z.strictObject({ username: z.string().trim().min(1, "can't be blank").max(40) });

async function userIdByUsername(db: Db, username: string): Promise<number> {
  const user = await db.user.findUnique({ where: { username }, select: { id: true } });
  if (!user) throw notFound("profile");
  return user.id;
}

export const profilesRouter = router({
  get: publicProcedure
    .input(byUsername)
    .output(profileSchema)
    .query(async ({ ctx, input }) => {
      const viewer = await ctx.getAuth();
      return profileByUsername(ctx.db, input.username, viewer?.user.id ?? null);
    }),

  follow: permittedProcedure("follow:user")
    .input(byUsername)
    .output(profileSchema)
    .mutation(async ({ ctx, input }) => {
      const followerId = ctx.auth.user.id;
      const followedId = await userIdByUsername(ctx.db, input.username);
      if (followedId === followerId) throw refuse(profileErrors.FOLLOW_SELF);
      // ON CONFLICT: following twice (or from two requests at once) is one follow and one event.
      await writeWithEvent(
        ctx.db,
        async (tx) => (await addFollow(tx, followerId, followedId)) || null,
        () => liveEvents.followed(followerId, followedId),
      );
      return profileById(ctx.db, followedId, followerId);
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
      return profileById(ctx.db, followedId, followerId);
    }),
});
