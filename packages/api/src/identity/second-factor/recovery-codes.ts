import { hashPassword, verifyPassword } from "@conduit/auth";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import type { Db, Prisma } from "@conduit/db";

/** Ten codes, each 50 random bits (the Copenhagen Book asks for at least 40), as `xxxxx-xxxxx`. */
const count = 10;

function newRecoveryCode(): string {
  const raw = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(7))).slice(0, 10);
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}

/** Whether `otp` is shaped like a recovery code rather than a TOTP code. */
export const isRecoveryCode = (otp: string) => /^[a-z2-7]{5}-?[a-z2-7]{5}$/.test(otp.trim().toLowerCase());

/** Replaces the user's recovery codes with ten new ones, argon2id-hashed; the codes are returned once. */
export async function replaceRecoveryCodes(tx: Prisma.TransactionClient, userId: number): Promise<string[]> {
  const codes = Array.from({ length: count }, newRecoveryCode);
  const hashes = await Promise.all(codes.map((code) => hashPassword(code)));
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: hashes.map((codeHash) => ({ userId, codeHash })) });
  return codes;
}

/**
 * Uses up the recovery code `otp` if it is one of the user's unused ones: true once. The check is
 * argon2 against each unused hash; the UPDATE that sets `usedAt` where it was null decides a race.
 */
export async function useRecoveryCode(db: Db, userId: number, otp: string, now: Date): Promise<boolean> {
  const code = otp
    .trim()
    .toLowerCase()
    .replace(/^(.{5})-?(.{5})$/, "$1-$2");
  // where-mutation equivalent (usedAt: null): a used code found here is refused by the UPDATE below, which takes a code once
  const unused = await db.recoveryCode.findMany({ where: { userId, usedAt: null }, select: { id: true, codeHash: true } });
  const matches = await Promise.all(unused.map((row) => verifyPassword(row.codeHash, code)));
  const match = unused[matches.indexOf(true)];
  if (!match) return false;
  const { count: used } = await db.recoveryCode.updateMany({ where: { id: match.id, usedAt: null }, data: { usedAt: now } });
  return used === 1;
}

export function remainingRecoveryCodes(db: Db, userId: number): Promise<number> {
  return db.recoveryCode.count({ where: { userId, usedAt: null } });
}
