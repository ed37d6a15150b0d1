import type { Db, Prisma } from "@conduit/db";
import { hashSecret, newEmailCode, secretMatches } from "../secrets.ts";
import { refuse, tooManyRequests } from "../../shared/field-error.ts";
import { identityErrors } from "../error-codes.ts";

/** An emailed code works for 15 minutes, for 5 guesses. */
export const emailCodeLifetimeMs = 15 * 60 * 1000;
const emailCodeTries = 5;

export type CodePurpose = "verify" | "change";

/**
 * A new code for `email`, replacing the user's last one for the same purpose (which stops
 * working): only its hash is stored; the code itself goes into the mail and nowhere else.
 */
export async function issueEmailCode(db: Db, userId: number, email: string, purpose: CodePurpose, now: Date): Promise<string> {
  const code = newEmailCode();
  const data = {
    email,
    purpose,
    codeHash: hashSecret(code),
    tries: 0,
    expiresAt: new Date(now.getTime() + emailCodeLifetimeMs),
    createdAt: now,
  };
  await db.emailCode.upsert({ where: { userId_purpose: { userId, purpose } }, create: { userId, ...data }, update: data });
  return code;
}

/**
 * Checks `code` against the user's live code. Each guess is counted first, in one atomic UPDATE
 * of its own (committed whatever follows) that no longer matches after the fifth, so guesses sent
 * at once all count. Returns what the code proves and its hash, for `useEmailCode`.
 */
export async function checkEmailCode(
  db: Db,
  userId: number,
  purpose: CodePurpose,
  code: string,
  now: Date,
): Promise<{ email: string; codeHash: string }> {
  const counted = await db.emailCode.updateMany({
    where: { userId, purpose, tries: { lt: emailCodeTries }, expiresAt: { gt: now } },
    data: { tries: { increment: 1 } },
  });
  const live = await db.emailCode.findUnique({ where: { userId_purpose: { userId, purpose } } });
  if (!counted.count || !live) {
    if (live && live.expiresAt > now) throw tooManyRequests("too many wrong codes: ask for a new one", 1);
    throw refuse(identityErrors.CODE_EXPIRED);
  }
  if (!secretMatches(code, live.codeHash)) throw refuse(identityErrors.CODE_WRONG);
  return { email: live.email, codeHash: live.codeHash };
}

/** Uses up a checked code inside the change's transaction: of several uses at once, the DELETE that removed the row wins. */
export async function useEmailCode(tx: Prisma.TransactionClient, userId: number, purpose: CodePurpose, codeHash: string): Promise<void> {
  // where-mutation equivalent (purpose): the hash just checked names one row, this purpose's
  const used = await tx.emailCode.deleteMany({ where: { userId, purpose, codeHash } }); // where-mutation equivalent (userId): the hash just checked names this user's row
  if (!used.count) throw refuse(identityErrors.CODE_USED);
}
