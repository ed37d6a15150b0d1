import type { Db } from "@conduit/db";
import { hashSecret, newResetToken } from "../secrets.ts";
import type { ProviderIdentity } from "./provider-identity.ts";

/** A provider sign-in waits ten minutes for its last step. */
const pendingLifetimeMs = 10 * 60 * 1000;

export type PendingPurpose = "sign-up" | "link";

/** Keeps a provider identity for its next step; the returned token goes into an HttpOnly cookie, its hash into the row. */
export async function holdIdentity(
  db: Db,
  identity: ProviderIdentity,
  purpose: PendingPurpose,
  userId: number | null,
  now: Date,
): Promise<string> {
  const token = newResetToken();
  await db.oidcPending.create({
    data: {
      id: hashSecret(token),
      purpose,
      provider: identity.provider,
      subject: identity.subject,
      email: identity.email,
      emailVerified: identity.emailVerified,
      username: identity.username,
      userId,
      expiresAt: new Date(now.getTime() + pendingLifetimeMs),
    },
  });
  return token;
}

/** The identity a pending cookie holds, if it is still live. */
export async function pendingIdentity(db: Db, token: string | null | undefined, now: Date) {
  if (!token || token.length > 128) return null;
  const row = await db.oidcPending.findUnique({ where: { id: hashSecret(token) } });
  return row && row.expiresAt > now ? row : null;
}

/** Uses a pending identity up: true once (of two uses at once, the DELETE that removed it wins). */
export async function usePending(db: Pick<Db, "oidcPending">, id: string): Promise<boolean> {
  return (await db.oidcPending.deleteMany({ where: { id } })).count === 1;
}
