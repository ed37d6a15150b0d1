import { z } from "zod";
import { permittedProcedure, publicProcedure, router } from "../../trpc.ts";
import { recordAudit } from "../../shared/audit-record.ts";
import { notFound, refuse, taken } from "../../shared/field-error.ts";
import { identityErrors } from "../error-codes.ts";
import { isUniqueViolation } from "@conduit/db";
import { toUser, userSchema } from "../to-user.ts";
import { registerInput } from "@conduit/validators";
import { connect, providerSession, signUpWithProvider } from "./identity.ts";
import { pendingIdentity, usePending } from "./pending.ts";
import { keepOneSignInMethod } from "../sign-in-methods.ts";

const pendingSchema = z
  .object({ purpose: z.enum(["sign-up", "link"]), provider: z.string(), email: z.string().nullable(), username: z.string().nullable() })
  .nullable();

export const connectionsRouter = router({
  /** The caller's connected providers. */
  list: permittedProcedure("read:account")
    .output(z.array(z.object({ provider: z.string(), email: z.string().nullable(), createdAt: z.date() })))
    .query(({ ctx }) =>
      ctx.db.connection.findMany({
        where: { userId: ctx.auth.user.id },
        orderBy: { createdAt: "asc" },
        select: { provider: true, email: true, createdAt: true },
      }),
    ),

  /** Disconnects a provider, unless it is the account's last way to sign in. */
  remove: permittedProcedure("update:account")
    .input(z.strictObject({ provider: z.string().min(1).max(40) }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const userId = ctx.auth.user.id;
      await ctx.db.$transaction(async (tx) => {
        const { count } = await tx.connection.deleteMany({ where: { userId, provider: input.provider } });
        if (!count) throw notFound("connection");
        await keepOneSignInMethod(tx, userId);
        await recordAudit(tx, ctx, {
          action: "account.provider_disconnected",
          actorId: userId,
          target: { type: "user", id: userId },
          details: { provider: input.provider },
        });
      });
      return { ok: true as const };
    }),

  /** The provider sign-in waiting for its last step in this browser (its cookie), if any. */
  pending: publicProcedure.output(pendingSchema).query(async ({ ctx }) => {
    const row = await pendingIdentity(ctx.db, ctx.oidcPending, ctx.now());
    return row && { purpose: row.purpose as "sign-up" | "link", provider: row.provider, email: row.email, username: row.username };
  }),

  /** Finishes a provider sign-up whose username was taken, with one the person chose. */
  completeSignUp: publicProcedure
    .input(registerInput.pick({ username: true }))
    .output(userSchema)
    .mutation(async ({ ctx, input }) => {
      const row = await pendingIdentity(ctx.db, ctx.oidcPending, ctx.now());
      if (!row || row.purpose !== "sign-up") throw refuse(identityErrors.PROVIDER_SIGN_UP_EXPIRED);
      if (await ctx.db.user.findUnique({ where: { username: input.username }, select: { id: true } })) throw taken("username");
      if (!(await usePending(ctx.db, row.id))) throw refuse(identityErrors.PROVIDER_SIGN_UP_FINISHED);
      let userId: number;
      try {
        userId = await signUpWithProvider(ctx, row, input.username);
      } catch (error) {
        if (isUniqueViolation(error)) throw taken("username");
        throw error;
      }
      const { token, session } = await providerSession(ctx, userId, false);
      ctx.cookies?.set(token, session.expiresAt);
      const user = await ctx.db.user.findUniqueOrThrow({
        where: { id: userId },
        select: { email: true, username: true, bio: true, image: true },
      });
      return toUser(user, token);
    }),

  /**
   * Links the waiting provider identity to the account its address belongs to, once the person
   * signed in to that account (password and second factor, or a passkey) in this same browser.
   */
  confirmLink: permittedProcedure("update:account")
    .output(z.object({ provider: z.string() }))
    .mutation(async ({ ctx }) => {
      const row = await pendingIdentity(ctx.db, ctx.oidcPending, ctx.now());
      if (!row || row.purpose !== "link") throw refuse(identityErrors.PROVIDER_LINK_EXPIRED);
      if (row.userId !== ctx.auth.user.id) throw refuse(identityErrors.PROVIDER_LINK_ELSEWHERE);
      if (!(await usePending(ctx.db, row.id))) throw refuse(identityErrors.PROVIDER_LINK_FINISHED);
      try {
        await connect(ctx, row, ctx.auth.user.id);
      } catch (error) {
        if (isUniqueViolation(error)) throw refuse(identityErrors.PROVIDER_CONNECTED_ELSEWHERE);
        throw error;
      }
      return { provider: row.provider };
    }),
});
