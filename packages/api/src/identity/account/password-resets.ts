import type { Db, Prisma } from "@conduit/db";
import { hashSecret, newResetToken } from "../secrets.ts";
import { refuse } from "../../shared/field-error.ts";
import { identityErrors } from "../error-codes.ts";

/** A reset link works once, for an hour. */
export const resetLifetimeMs = 60 * 60 * 1000;

/** A new reset token for the user; their earlier links stop working. Only its SHA-256 is stored. */
export async function issueResetToken(db: Db, userId: number, now: Date): Promise<string> {
  const token = newResetToken();
  await db.$transaction([
    db.passwordReset.deleteMany({ where: { userId } }),
    db.passwordReset.create({
      data: { tokenHash: hashSecret(token), userId, expiresAt: new Date(now.getTime() + resetLifetimeMs), createdAt: now },
    }),
  ]);
  return token;
}

/** Uses up a reset token inside `tx`: the user it was for, once; of two uses at once, the DELETE that removed the row wins. */
export async function consumeResetToken(tx: Prisma.TransactionClient, token: string, now: Date): Promise<number> {
  const tokenHash = hashSecret(token);
  const reset = await tx.passwordReset.findUnique({ where: { tokenHash }, select: { userId: true, expiresAt: true } });
  const used = reset && reset.expiresAt > now ? await tx.passwordReset.deleteMany({ where: { tokenHash } }) : { count: 0 };
  if (!reset || !used.count) throw refuse(identityErrors.RESET_TOKEN_INVALID);
  return reset.userId;
}

/** Whose live reset token this is, without using it: to ask for their second factor first. */
export async function resetTokenOwner(db: Db, token: string, now: Date): Promise<{ id: number; email: string; username: string } | null> {
  const reset = await db.passwordReset.findUnique({
    where: { tokenHash: hashSecret(token) },
    select: { expiresAt: true, user: { select: { id: true, email: true, username: true } } },
  });
  return reset && reset.expiresAt > now ? reset.user : null;
}
