import type { Prisma } from "@conduit/db";
import type { Actor, Context } from "../../context.ts";
import { recordAudit } from "../../shared/audit-record.ts";
import { refuse } from "../../shared/field-error.ts";
import { identityErrors } from "../error-codes.ts";
import { mailNotice } from "../notices.ts";
import { keyIdOf, openSecret, sealSecret, type SecretKeys } from "../../shared/secret-box.ts";
import { matchingStep } from "./totp.ts";
import { isRecoveryCode, remainingRecoveryCodes, useRecoveryCode } from "./recovery-codes.ts";

type Verifier = Pick<Actor, "db" | "ip" | "userAgent" | "requestId" | "now" | "jobs" | "publicUrl"> &
  Pick<Context, "authRateLimiter" | "totpKeys">;

/** The server's TOTP keys, or a refusal: production without TOTP_ENCRYPTION_KEY has no TOTP. */
export function keysOf(ctx: Pick<Context, "totpKeys">): SecretKeys {
  if (ctx.totpKeys) return ctx.totpKeys;
  throw refuse(identityErrors.TOTP_NOT_CONFIGURED);
}

/** Whether the account has a confirmed TOTP second factor. */
export async function hasSecondFactor(tx: Prisma.TransactionClient, userId: number): Promise<boolean> {
  return (await tx.totpCredential.count({ where: { userId, confirmedAt: { not: null } } })) > 0;
}

/** Checks a TOTP code: within a step of now, and of a later step than the last one accepted (a code works once). */
async function totpAccepts(ctx: Verifier, userId: number, code: string): Promise<"ok" | "wrong" | "reused"> {
  const credential = await ctx.db.totpCredential.findUnique({ where: { userId } });
  if (!credential?.confirmedAt) return "wrong";
  const keys = keysOf(ctx);
  const secret = openSecret(keys, credential.keyId, credential.secret);
  const step = matchingStep(secret, code, ctx.now());
  if (step === null) return "wrong";
  // One UPDATE decides: of two uses of one code (or an earlier one), only a later step passes.
  const resealed =
    credential.keyId === keyIdOf(keys.current) ? {} : (({ keyId, sealed }) => ({ keyId, secret: sealed }))(sealSecret(keys, secret));
  const { count } = await ctx.db.totpCredential.updateMany({
    where: { userId, OR: [{ lastCounter: null }, { lastCounter: { lt: step } }] },
    data: { lastCounter: step, ...resealed },
  });
  return count ? "ok" : "reused";
}

/**
 * The second step, with a TOTP code or a recovery code, under the account's lock-out (5 wrong in a
 * row: 15 minutes). Throws UNAUTHORIZED `otp` "is wrong" or "was used already"; a recovery code's
 * use is mailed and audited.
 */
export async function verifySecondFactor(ctx: Verifier, user: { id: number; email: string; username: string }, otp: string): Promise<void> {
  const result: { outcome: "ok" | "wrong" | "reused" } = { outcome: "wrong" };
  const recovery = isRecoveryCode(otp);
  await ctx.authRateLimiter.secondFactor(user.id, async () => {
    if (recovery) result.outcome = (await useRecoveryCode(ctx.db, user.id, otp, ctx.now())) ? "ok" : "wrong";
    else if (/^\d{6}$/.test(otp.trim())) result.outcome = await totpAccepts(ctx, user.id, otp.trim());
    return result.outcome === "ok";
  });
  const { outcome } = result;
  if (outcome === "reused") throw refuse(identityErrors.OTP_REUSED);
  if (outcome === "wrong") {
    await recordAudit(ctx.db, ctx, {
      action: "account.second_factor_failed",
      actorId: user.id,
      outcome: "failure",
      target: { type: "user", id: user.id },
    });
    throw refuse(identityErrors.OTP_WRONG);
  }
  if (!recovery) return;
  const left = await remainingRecoveryCodes(ctx.db, user.id);
  await ctx.db.$transaction(async (tx) => {
    await recordAudit(tx, ctx, {
      action: "account.recovery_code_used",
      actorId: user.id,
      target: { type: "user", id: user.id },
      details: { left },
    });
    await mailNotice(ctx, tx, {
      to: user.email,
      username: user.username,
      notice: "recovery code used",
      detail: `${left} of your recovery codes are left.`,
      key: `recovery-code-used:${user.id}:${ctx.now().getTime()}`,
    });
  });
}
