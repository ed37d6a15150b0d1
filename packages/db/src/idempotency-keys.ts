import { AsyncLocalStorage } from "node:async_hooks";
import type { Db } from "./client.ts";
import type { Prisma } from "./generated/sqlite/client.ts";
import { isUniqueViolation } from "./errors.ts";

/** How long a running request holds its key: longer than any request may take (30 s by default). */
const idempotencyLeaseMs = 60_000;

export interface StoredAnswer {
  status: number;
  contentType: string | null;
  body: string;
}

/** A request's claimed key; `committed` is set inside the transaction of the first write it commits. */
export interface IdempotencyClaim {
  id: number;
  committed: boolean;
}

/** What a request with an Idempotency-Key finds. */
type KeyClaim =
  | { kind: "claimed"; id: number }
  | { kind: "answered"; answer: StoredAnswer }
  | { kind: "mismatch" }
  | { kind: "running"; retryAfterSeconds: number }
  | { kind: "lost" };

/**
 * Claims `key` for this user's request, or says what an earlier request with it left: its answer
 * (same fingerprint, answered), a mismatch (another request's key), "running" (its lease holds),
 * or "lost" (its write committed but its instance died before answering). An expired key is
 * treated as new; an unanswered one whose lease ran out and whose write never committed is taken
 * over, since nothing was done.
 */
export async function claimIdempotencyKey(
  db: Db,
  userId: number,
  key: string,
  fingerprint: string,
  ttlMs: number,
  now = new Date(),
): Promise<KeyClaim> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const row = await db.idempotencyKey.create({
        data: {
          userId,
          key,
          fingerprint,
          lockedUntil: new Date(now.getTime() + idempotencyLeaseMs),
          expiresAt: new Date(now.getTime() + ttlMs),
        },
        select: { id: true },
      });
      return { kind: "claimed", id: row.id };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const found = await db.idempotencyKey.findUnique({ where: { userId_key: { userId, key } } });
    if (!found) continue;
    if (found.expiresAt <= now) {
      await db.idempotencyKey.deleteMany({ where: { id: found.id, expiresAt: { lte: now } } });
      continue;
    }
    if (found.fingerprint !== fingerprint) return { kind: "mismatch" };
    if (found.status !== null)
      return { kind: "answered", answer: { status: found.status, contentType: found.contentType, body: found.body ?? "" } };
    if (found.lockedUntil > now)
      return { kind: "running", retryAfterSeconds: Math.max(1, Math.ceil((found.lockedUntil.getTime() - now.getTime()) / 1000)) };
    if (found.committed) return { kind: "lost" };
    const { count } = await db.idempotencyKey.updateMany({
      where: { id: found.id, lockedUntil: found.lockedUntil, status: null, committed: false },
      data: { lockedUntil: new Date(now.getTime() + idempotencyLeaseMs) },
    });
    return count ? { kind: "claimed", id: found.id } : { kind: "running", retryAfterSeconds: 1 };
  }
  return { kind: "running", retryAfterSeconds: 1 };
}

/** Keeps the first request's answer for its retries. */
export async function storeIdempotentAnswer(db: Db, id: number, answer: StoredAnswer): Promise<void> {
  await db.idempotencyKey.updateMany({ where: { id }, data: answer });
}

/** Frees a key whose request changed nothing (it failed before any write): a retry runs again. */
export async function releaseIdempotencyKey(db: Db, id: number): Promise<void> {
  await db.idempotencyKey.deleteMany({ where: { id, committed: false } });
}

export async function pruneIdempotencyKeys(db: Db, now = new Date()): Promise<number> {
  return (await db.idempotencyKey.deleteMany({ where: { expiresAt: { lte: now } } })).count;
}

/**
 * The claimed key of the request being served, marked "committed" inside the transaction of
 * each write it makes: a write commits if and only if its key says so, so a retry after a crash
 * between the commit and the answer is never run twice.
 */
const claimedKey = new AsyncLocalStorage<IdempotencyClaim>();

export function withIdempotencyKey<T>(claim: IdempotencyClaim, run: () => T): T {
  return claimedKey.run(claim, run);
}

export async function markKeyCommitted(tx: Prisma.TransactionClient): Promise<(() => void) | null> {
  const claim = claimedKey.getStore();
  if (!claim) return null;
  await tx.idempotencyKey.updateMany({ where: { id: claim.id }, data: { committed: true } });
  return () => void (claim.committed = true);
}
