import { z } from "zod";
import { secondFactorInput, totpCodeInput } from "@conduit/validators";
import { permittedProcedure, publicProcedure, router } from "../../trpc.ts";
import { recordAudit } from "../../shared/audit-record.ts";
import { refuse } from "../../shared/field-error.ts";
import { identityErrors } from "../error-codes.ts";
import { requireSudo } from "../sudo.ts";
import { mailNotice } from "../notices.ts";
import { toUser, userSchema } from "../to-user.ts";
import { openSecret, sealSecret } from "../../shared/secret-box.ts";
import { matchingStep, newTotpSecret, totpSetupOf } from "../second-factor/totp.ts";
import { remainingRecoveryCodes, replaceRecoveryCodes } from "../second-factor/recovery-codes.ts";
import { keysOf, verifySecondFactor } from "../second-factor/verify.ts";

const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });

export const securityRouter = router({
  /** What protects the account: TOTP on or off, and how many recovery codes are left. */
  status: permittedProcedure("read:account")
    .output(z.object({ totp: z.boolean(), recoveryCodesLeft: z.number() }))
    .query(async ({ ctx }) => {
      const credential = await ctx.db.totpCredential.findUnique({ where: { userId: ctx.auth.user.id }, select: { confirmedAt: true } });
      return { totp: Boolean(credential?.confirmedAt), recoveryCodesLeft: await remainingRecoveryCodes(ctx.db, ctx.auth.user.id) };
    }),

  /**
   * Starts TOTP (after a re-authentication): a new 160-bit secret, sealed with AES-256-GCM, not
   * used until one code from it is entered; shown once as text and as a QR code. A new setup
   * replaces an unconfirmed one (a new QR code is a new secret).
   */
  totpSetup: permittedProcedure("update:account")
    .output(z.object({ key: z.string(), uri: z.string(), qrSvg: z.string() }))
    .mutation(async ({ ctx }) => {
      await requireSudo(ctx);
      const userId = ctx.auth.user.id;
      const existing = await ctx.db.totpCredential.findUnique({ where: { userId }, select: { confirmedAt: true } });
      if (existing?.confirmedAt) throw refuse(identityErrors.TOTP_ON_ALREADY);
      const secret = newTotpSecret();
      const { keyId, sealed } = sealSecret(keysOf(ctx), secret);
      const data = { keyId, secret: sealed, confirmedAt: null, lastCounter: null };
      await ctx.db.totpCredential.upsert({ where: { userId }, create: { userId, ...data }, update: data });
      return totpSetupOf(secret, ctx.auth.user.email);
    }),

  /** Turns TOTP on with one code from the new secret; returns the ten recovery codes, shown this once. */
  totpEnable: permittedProcedure("update:account")
    .input(totpCodeInput)
    .output(recoveryCodesSchema)
    .mutation(async ({ ctx, input }) => {
      await requireSudo(ctx);
      const userId = ctx.auth.user.id;
      const pending = await ctx.db.totpCredential.findUnique({ where: { userId } });
      if (!pending || pending.confirmedAt) throw refuse(identityErrors.TOTP_NO_SETUP);
      const step = matchingStep(openSecret(keysOf(ctx), pending.keyId, pending.secret), input.code, ctx.now());
      if (step === null) throw refuse(identityErrors.TOTP_SETUP_CODE_WRONG);
      const recoveryCodes = await ctx.db.$transaction(async (tx) => {
        const { count } = await tx.totpCredential.updateMany({
          where: { userId, confirmedAt: null },
          data: { confirmedAt: ctx.now(), lastCounter: step },
        });
        if (!count) throw refuse(identityErrors.TOTP_TURNED_ON_ALREADY);
        await recordAudit(tx, ctx, { action: "account.totp_enabled", actorId: userId, target: { type: "user", id: userId } });
        return replaceRecoveryCodes(tx, userId);
      });
      return { recoveryCodes };
    }),

  /** Turns TOTP off (after a re-authentication); its recovery codes go with it; the address is told. */
  totpDisable: permittedProcedure("update:account")
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx }) => {
      await requireSudo(ctx);
      const { user } = ctx.auth;
      await ctx.db.$transaction(async (tx) => {
        const { count } = await tx.totpCredential.deleteMany({ where: { userId: user.id } });
        if (!count) throw refuse(identityErrors.TOTP_OFF_ALREADY);
        await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
        await recordAudit(tx, ctx, { action: "account.totp_disabled", actorId: user.id, target: { type: "user", id: user.id } });
        await mailNotice(ctx, tx, {
          to: user.email,
          username: user.username,
          notice: "second factor off",
          key: `totp-off:${user.id}:${ctx.now().getTime()}`,
        });
      });
      return { ok: true as const };
    }),

  /** Ten new recovery codes (after a re-authentication); the old ones stop working. */
  regenerateRecoveryCodes: permittedProcedure("update:account")
    .output(recoveryCodesSchema)
    .mutation(async ({ ctx }) => {
      await requireSudo(ctx);
      const userId = ctx.auth.user.id;
      const recoveryCodes = await ctx.db.$transaction(async (tx) => {
        if (!(await tx.totpCredential.count({ where: { userId, confirmedAt: { not: null } } })))
          throw refuse(identityErrors.TOTP_OFF_NO_RECOVERY);
        await recordAudit(tx, ctx, { action: "account.recovery_codes_regenerated", actorId: userId, target: { type: "user", id: userId } });
        return replaceRecoveryCodes(tx, userId);
      });
      return { recoveryCodes };
    }),

  /**
   * The second step of a password sign-in: a TOTP or recovery code upgrades the session that
   * signed in with the password. Public on purpose: that session can call nothing else.
   */
  completeSignIn: publicProcedure
    .input(secondFactorInput)
    .output(userSchema)
    .mutation(async ({ ctx, input }) => {
      const pending = await ctx.getPendingAuth();
      if (!pending) throw refuse(identityErrors.OTP_NOTHING_WAITING);
      await verifySecondFactor(ctx, pending.user, input.otp);
      await ctx.db.$transaction(async (tx) => {
        await tx.session.updateMany({ where: { id: pending.session.id }, data: { secondFactorPending: false } });
        await recordAudit(tx, ctx, {
          action: "session.second_factor_passed",
          actorId: pending.user.id,
          target: { type: "user", id: pending.user.id },
        });
      });
      return toUser(pending.user, pending.token);
    }),
});
