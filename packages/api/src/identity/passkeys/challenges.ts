import type { Db } from "@conduit/db";
import { refuse } from "../../shared/field-error.ts";
import { identityErrors } from "../error-codes.ts";

/** A challenge lives five minutes and is used once (the Copenhagen Book: single use, short-lived, 16+ bytes; the library makes 32). */
const challengeLifetimeMs = 5 * 60 * 1000;

/** Stores a challenge where every instance sees it. */
export async function issueChallenge(db: Db, challenge: string, purpose: "register" | "sign-in", userId: number | null, now: Date) {
  await db.webAuthnChallenge.create({ data: { challenge, purpose, userId, expiresAt: new Date(now.getTime() + challengeLifetimeMs) } });
}

/** Uses a challenge up: true once, for the purpose and user it was issued to, before it expires. */
export function challengeUser(db: Db, purpose: "register" | "sign-in", userId: number | null, now: Date) {
  return async (challenge: string) =>
    // where-mutation equivalent (purpose): a registration's challenge always names its user and a sign-in's none, so the user keeps them apart
    (await db.webAuthnChallenge.deleteMany({ where: { challenge, purpose, userId, expiresAt: { gt: now } } })).count === 1;
}

/** The library's refusal (wrong origin, RP ID, challenge, signature) as a clear 400. */
export async function verified<T>(check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    throw refuse(identityErrors.PASSKEY_REFUSED, { detail: (error as Error).message });
  }
}
