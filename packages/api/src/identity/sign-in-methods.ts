import type { Prisma } from "@conduit/db";
import { refuse } from "../shared/field-error.ts";
import { identityErrors } from "./error-codes.ts";

/** How many ways the account has to sign in: its password, each passkey, each provider connection. */
async function signInMethods(tx: Prisma.TransactionClient, userId: number): Promise<number> {
  const [user, passkeys, connections] = await Promise.all([
    tx.user.findUniqueOrThrow({ where: { id: userId }, select: { hasPassword: true } }),
    tx.passkey.count({ where: { userId } }),
    tx.connection.count({ where: { userId } }),
  ]);
  return Number(user.hasPassword) + passkeys + connections;
}

/** Refuses a removal that would leave the account no way to sign in (run inside the removal's transaction, after it). */
export async function keepOneSignInMethod(tx: Prisma.TransactionClient, userId: number): Promise<void> {
  if ((await signInMethods(tx, userId)) === 0) throw refuse(identityErrors.LAST_SIGN_IN_METHOD);
}
