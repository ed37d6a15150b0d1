import { z } from "zod";
import { authedProcedure, publicProcedure, router } from "../trpc.ts";
import { fieldError, notFound } from "../shared/field-error.ts";
import { ignoreDuplicate } from "../shared/ignore-duplicate.ts";
import { profileSchema, profileSelect, toProfile } from "./to-profile.ts";

const byUsername = z.strictObject({ username: z.string().trim().min(1, "can't be blank").max(40) });

export const profilesRouter = router({
  get: publicProcedure
    .input(byUsername)
    .output(profileSchema)
    .query(async ({ ctx, input }) => {
      const viewer = await ctx.getAuth();
      const row = await ctx.db.user.findUnique({ where: { username: input.username }, select: profileSelect(viewer?.user.id ?? null) });
      if (!row) throw notFound("profile");
      return toProfile(row);
    }),

  follow: authedProcedure
    .input(byUsername)
    .output(profileSchema)
    .mutation(async ({ ctx, input }) => {
      const followerId = ctx.auth.user.id;
      const target = await ctx.db.user.findUnique({ where: { username: input.username }, select: { id: true } });
      if (!target) throw notFound("profile");
      if (target.id === followerId) throw fieldError("BAD_REQUEST", "profile", "cannot follow yourself");
      await ignoreDuplicate(ctx.db.follow.create({ data: { followerId, followedId: target.id } }));
      return toProfile(await ctx.db.user.findUniqueOrThrow({ where: { id: target.id }, select: profileSelect(followerId) }));
    }),

  unfollow: authedProcedure
    .input(byUsername)
    .output(profileSchema)
    .mutation(async ({ ctx, input }) => {
      const followerId = ctx.auth.user.id;
      const target = await ctx.db.user.findUnique({ where: { username: input.username }, select: { id: true } });
      if (!target) throw notFound("profile");
      await ctx.db.follow.deleteMany({ where: { followerId, followedId: target.id } });
      return toProfile(await ctx.db.user.findUniqueOrThrow({ where: { id: target.id }, select: profileSelect(followerId) }));
    }),
});

