import { z } from "zod";
import { hashPassword, invalidateSession, verifyPassword, type SessionUser } from "@conduit/auth";
import {
  changeEmailInput,
  changePasswordInput,
  reauthenticateInput,
  requestPasswordResetInput,
  resetPasswordInput,
  verifyEmailInput,
} from "@conduit/validators";
import { permittedProcedure, publicProcedure, router } from "../../trpc.ts";
import { recordAudit } from "../../shared/audit-record.ts";
import { announceSessionsEnded } from "../../shared/session-watch.ts";
import { notFound, refuse, taken } from "../../shared/field-error.ts";
import { identityErrors } from "../error-codes.ts";
import { isUniqueViolation } from "@conduit/db";
import { checkEmailCode, useEmailCode, type CodePurpose } from "./email-codes.ts";
import { consumeResetToken, resetTokenOwner } from "./password-resets.ts";
import { hasSecondFactor, verifySecondFactor } from "../second-factor/verify.ts";
import { requireSudo, sudoWindowMs } from "../sudo.ts";
import type { Actor, Context } from "../../context.ts";
import { credentialChanged } from "../credential-changed.ts";
import { deviceOf } from "../devices.ts";
import { mailQueue } from "../../shared/mail-queue.ts";

const ok = z.object({ ok: z.literal(true) });
const sessionsLimit = 100;

const sessionSchema = z.object({
  id: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date(),
  device: z.string(),
  ip: z.string().nullable(),
  current: z.boolean(),
});

type SignedIn = Actor & Pick<Context, "authRateLimiter"> & { auth: { user: SessionUser; session: { id: string } } };

/** The password's check for a signed-in caller, counted by the log-in limiter against guessing. */
async function confirmPassword(ctx: SignedIn, email: string, password: string): Promise<void> {
  const user = await ctx.db.user.findUniqueOrThrow({ where: { id: ctx.auth.user.id }, select: { passwordHash: true } });
  const right = await ctx.authRateLimiter.logIn(ctx.ip, email, () => verifyPassword(user.passwordHash, password));
  if (right) return;
  await recordAudit(ctx.db, ctx, {
    action: "account.reauthentication_failed",
    actorId: ctx.auth.user.id,
    outcome: "failure",
    target: { type: "user", id: ctx.auth.user.id },
  });
  throw refuse(identityErrors.PASSWORD_WRONG);
}

const provenSchema = z.object({ email: z.string(), emailVerified: z.literal(true) });

/** The address a code proves becomes the account's, verified; uniqueness is decided at this switch. */
async function proveAddress(ctx: SignedIn, purpose: CodePurpose, input: string): Promise<z.infer<typeof provenSchema>> {
  const { user, session } = ctx.auth;
  const now = ctx.now();
  const code = await checkEmailCode(ctx.db, user.id, purpose, input, now);
  const announce = await ctx.db.$transaction(async (tx) => {
    await useEmailCode(tx, user.id, purpose, code.codeHash);
    if (purpose === "verify" && code.email !== user.email) throw refuse(identityErrors.CODE_FOR_OLD_ADDRESS);
    try {
      await tx.user.update({ where: { id: user.id }, data: { email: code.email, emailVerifiedAt: now }, select: { id: true } });
    } catch (error) {
      // Of two accounts racing for one address, one wins.
      if (isUniqueViolation(error)) throw taken("email");
      throw error;
    }
    const change =
      purpose === "verify"
        ? { kind: "email verified" as const, email: code.email }
        : { kind: "email changed" as const, from: user.email, to: code.email };
    return credentialChanged(ctx, tx, user, [change], { keepSession: session.id });
  });
  await announce();
  return { email: code.email, emailVerified: true as const };
}

export const accountRouter = router({
  /** Sends a new code to the account's address (the last one stops working). At most 3 per 10 minutes. */
  sendVerificationCode: permittedProcedure("update:account")
    .output(ok)
    .mutation(async ({ ctx }) => {
      const user = ctx.auth.user;
      if (user.emailVerifiedAt) throw refuse(identityErrors.EMAIL_VERIFIED_ALREADY);
      await ctx.authRateLimiter.codeSend(user.id);
      await mailQueue(ctx).enqueue("account.email-code", { userId: user.id, email: user.email, purpose: "verify" });
      return { ok: true as const };
    }),

  /**
   * Proves the account's address with the code mailed to it. The user's other sessions end, as
   * the Copenhagen Book advises: whoever signed in before the proof may not be the owner.
   */
  verifyEmail: permittedProcedure("update:account")
    .input(verifyEmailInput)
    .output(provenSchema)
    .mutation(({ ctx, input }) => proveAddress(ctx, "verify", input.code)),

  /**
   * Completes a change of address with the code mailed to the new one: it becomes the account's
   * (if no other account took it meanwhile: 409), the old one is told, the other sessions end.
   */
  confirmEmailChange: permittedProcedure("update:account")
    .input(verifyEmailInput)
    .output(provenSchema)
    .mutation(({ ctx, input }) => proveAddress(ctx, "change", input.code)),

  /** Confirms the password again: for the next 10 minutes this session may change the address. */
  reauthenticate: permittedProcedure("update:account")
    .input(reauthenticateInput)
    .output(z.object({ until: z.date() }))
    .mutation(async ({ ctx, input }) => {
      await confirmPassword(ctx, ctx.auth.user.email, input.password);
      const now = ctx.now();
      await ctx.db.$transaction(async (tx) => {
        await tx.session.update({ where: { id: ctx.auth.session.id }, data: { sudoAt: now }, select: { id: true } });
        await recordAudit(tx, ctx, {
          action: "account.reauthenticated",
          actorId: ctx.auth.user.id,
          target: { type: "user", id: ctx.auth.user.id },
        });
      });
      return { until: new Date(now.getTime() + sudoWindowMs) };
    }),

  /**
   * Starts a change of address (after a re-authentication): a code goes to the new address, which
   * is kept apart until the code comes back (verifyEmail). A taken address is refused now and, in
   * case of a race, again at the switch.
   */
  changeEmail: permittedProcedure("update:account")
    .input(changeEmailInput)
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await requireSudo(ctx);
      if (input.email === ctx.auth.user.email) throw refuse(identityErrors.EMAIL_UNCHANGED);
      if (await ctx.db.user.findUnique({ where: { email: input.email }, select: { id: true } })) throw taken("email");
      await ctx.authRateLimiter.codeSend(ctx.auth.user.id);
      await mailQueue(ctx).enqueue("account.email-code", { userId: ctx.auth.user.id, email: input.email, purpose: "change" });
      return { ok: true as const };
    }),

  /** A new password, given the current one: the other sessions end, and the address is told. */
  changePassword: permittedProcedure("update:account")
    .input(changePasswordInput)
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      const { user, session } = ctx.auth;
      await confirmPassword(ctx, user.email, input.currentPassword);
      const passwordHash = await hashPassword(input.newPassword);
      const announce = await ctx.db.$transaction(async (tx) => {
        await tx.user.update({ where: { id: user.id }, data: { passwordHash }, select: { id: true } });
        return credentialChanged(ctx, tx, user, [{ kind: "password changed" }], { keepSession: session.id });
      });
      await announce();
      return { ok: true as const };
    }),

  /**
   * "Forgot password": always the same answer, after the same work (one job enqueued), whether
   * or not an account has the address; the job sends the link only if one does. Limited per
   * address and per client, both counted the same for unknown addresses.
   */
  requestPasswordReset: publicProcedure
    .input(requestPasswordResetInput)
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await ctx.authRateLimiter.resetRequest(ctx.ip, input.email);
      await mailQueue(ctx).enqueue("account.password-reset", { email: input.email });
      return { ok: true as const };
    }),

  /**
   * Sets a new password with a reset link's token, once: every session of the account ends, on
   * every instance; the address counts as verified (the link reached it); the address is told.
   */
  resetPassword: publicProcedure
    .input(resetPasswordInput)
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      // The second factor first, for an account that has one: the link alone does not take it over.
      const owner = await resetTokenOwner(ctx.db, input.token, now);
      if (owner && (await hasSecondFactor(ctx.db, owner.id))) {
        if (input.otp === undefined) throw refuse(identityErrors.OTP_REQUIRED);
        await verifySecondFactor(ctx, owner, input.otp);
      }
      const passwordHash = await hashPassword(input.password);
      const announce = await ctx.db.$transaction(async (tx) => {
        const userId = await consumeResetToken(tx, input.token, now);
        const user = await tx.user.findUniqueOrThrow({
          where: { id: userId },
          select: { id: true, email: true, username: true, emailVerifiedAt: true },
        });
        await tx.user.update({
          where: { id: userId },
          data: { passwordHash, hasPassword: true, emailVerifiedAt: user.emailVerifiedAt ?? now },
          select: { id: true },
        });
        await tx.passwordReset.deleteMany({ where: { userId } });
        return credentialChanged(ctx, tx, user, [{ kind: "password reset" }]);
      });
      await announce();
      return { ok: true as const };
    }),

  /** The caller's sessions, newest first: when made, last used, from which device and address, and which is this one. */
  sessions: permittedProcedure("read:account")
    .output(z.array(sessionSchema))
    .query(async ({ ctx }) => {
      const rows = await ctx.db.session.findMany({
        where: { userId: ctx.auth.user.id, expiresAt: { gt: ctx.now() } },
        orderBy: { createdAt: "desc" },
        take: sessionsLimit,
        select: { id: true, createdAt: true, lastVerifiedAt: true, userAgent: true, ip: true },
      });
      return rows.map((s) => ({
        id: s.id,
        createdAt: s.createdAt,
        lastUsedAt: s.lastVerifiedAt,
        device: deviceOf(s.userAgent),
        ip: s.ip,
        current: s.id === ctx.auth.session.id,
      }));
    }),

  /** Ends one of the caller's sessions (its live streams end with it, on every instance). */
  endSession: permittedProcedure("end:session")
    .input(z.strictObject({ id: z.string().min(1).max(128) }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      const ended = await ctx.db.$transaction(async (tx) => {
        const found = await tx.session.findFirst({ where: { id: input.id, userId: ctx.auth.user.id }, select: { id: true } });
        if (!found) return false;
        await invalidateSession({ db: tx }, found.id);
        await recordAudit(tx, ctx, { action: "session.ended", actorId: ctx.auth.user.id, target: { type: "user", id: ctx.auth.user.id } });
        return true;
      });
      if (!ended) throw notFound("session");
      await announceSessionsEnded(ctx.db, ctx.auth.user.id);
      if (input.id === ctx.auth.session.id) ctx.cookies?.clear();
      return { ok: true as const };
    }),
});
