import { createSession, hashPassword } from "@conduit/auth";
import type { Db } from "@conduit/db";
import type { Actor } from "../../context.ts";
import { recordAudit } from "../../shared/audit-record.ts";
import { hasSecondFactor } from "../second-factor/verify.ts";
import { newResetToken } from "../secrets.ts";
import { holdIdentity } from "./pending.ts";
import type { ProviderIdentity } from "./provider-identity.ts";

export type { ProviderIdentity };

type Caller = Omit<Actor, "auth">;

/** What a provider sign-in came to; the HTTP layer turns each into a session, a cookie and a redirect. */
export type Outcome =
  | { kind: "signed-in"; userId: number; secondFactorPending: boolean }
  | { kind: "connected"; userId: number }
  | { kind: "choose-username"; pendingToken: string }
  | { kind: "prove-account"; pendingToken: string }
  | { kind: "refused"; reason: "email-unverified" | "connected-elsewhere" | "banned" | "no-email" };

const usernamePattern = /^[\w.-]{1,40}$/;

/** A username from the provider's, or from the address, if it is free and well formed; else null. */
async function freeUsername(db: Db, identity: ProviderIdentity): Promise<string | null> {
  const wanted = (identity.username ?? identity.email?.split("@")[0] ?? "").replace(/[^\w.-]/g, "").slice(0, 40);
  if (!usernamePattern.test(wanted)) return null;
  return (await db.user.findUnique({ where: { username: wanted }, select: { id: true } })) ? null : wanted;
}

/**
 * Decides a provider sign-in. A known connection signs its user in (asking for their second
 * factor unless the provider did MFA and is trusted to say so). A signed-in caller connects the
 * identity to their account, unless another account has it. A new identity whose address an
 * account already has is linked only when the provider verified the address, and only once the
 * person signs in to that account (`prove-account`); an unverified one is refused. Otherwise it
 * is a new account, with the provider's username if free, or one the person chooses.
 */
export async function resolveIdentity(
  ctx: Caller,
  identity: ProviderIdentity,
  { signedInUserId, trustMfa }: { signedInUserId: number | null; trustMfa: boolean },
): Promise<Outcome> {
  const now = ctx.now();
  const known = await ctx.db.connection.findUnique({
    where: { provider_subject: { provider: identity.provider, subject: identity.subject } },
    select: { userId: true, user: { select: { bannedAt: true } } },
  });
  if (signedInUserId !== null) {
    if (known && known.userId !== signedInUserId) return { kind: "refused", reason: "connected-elsewhere" };
    if (!known) await connect(ctx, identity, signedInUserId);
    return { kind: "connected", userId: signedInUserId };
  }
  if (known) {
    if (known.user.bannedAt) return { kind: "refused", reason: "banned" };
    const secondFactorPending = (await hasSecondFactor(ctx.db, known.userId)) && !(trustMfa && identity.mfa);
    await recordAudit(ctx.db, ctx, {
      action: "session.provider_sign_in",
      actorId: known.userId,
      target: { type: "user", id: known.userId },
      details: { provider: identity.provider, secondFactorPending },
    });
    return { kind: "signed-in", userId: known.userId, secondFactorPending };
  }
  if (!identity.email) return { kind: "refused", reason: "no-email" };
  const owner = await ctx.db.user.findUnique({ where: { email: identity.email.toLowerCase() }, select: { id: true } });
  if (owner) {
    if (!identity.emailVerified) return { kind: "refused", reason: "email-unverified" };
    return { kind: "prove-account", pendingToken: await holdIdentity(ctx.db, identity, "link", owner.id, now) };
  }
  const username = await freeUsername(ctx.db, identity);
  if (!username) return { kind: "choose-username", pendingToken: await holdIdentity(ctx.db, identity, "sign-up", null, now) };
  const userId = await signUpWithProvider(ctx, identity, username);
  return { kind: "signed-in", userId, secondFactorPending: false };
}

/** Links an identity to an account, audited; a connection another account took meanwhile is the unique index's refusal. */
export async function connect(
  ctx: Caller,
  identity: Pick<ProviderIdentity, "provider" | "subject" | "email">,
  userId: number,
): Promise<void> {
  await ctx.db.$transaction(async (tx) => {
    await tx.connection.create({ data: { provider: identity.provider, subject: identity.subject, userId, email: identity.email } });
    await recordAudit(tx, ctx, {
      action: "account.provider_connected",
      actorId: userId,
      target: { type: "user", id: userId },
      details: { provider: identity.provider },
    });
  });
}

/**
 * A new account for a provider identity: no password (a hash of random bytes, `hasPassword`
 * false; the reset flow gives it one), the address verified if the provider said so.
 */
export async function signUpWithProvider(
  ctx: Caller,
  identity: Pick<ProviderIdentity, "provider" | "subject" | "email" | "emailVerified">,
  username: string,
): Promise<number> {
  const passwordHash = await hashPassword(newResetToken());
  return ctx.db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: {
        email: identity.email!.toLowerCase(),
        username,
        passwordHash,
        hasPassword: false,
        emailVerifiedAt: identity.emailVerified ? ctx.now() : null,
        roles: { create: { role: { connect: { name: "user" } } } },
        connections: { create: { provider: identity.provider, subject: identity.subject, email: identity.email } },
      },
      select: { id: true },
    });
    await recordAudit(tx, ctx, {
      action: "account.registered",
      actorId: user.id,
      target: { type: "user", id: user.id },
      details: { provider: identity.provider },
    });
    return user.id;
  });
}

/** A session for a provider sign-in, as the HTTP layer sets it in the cookie. */
export function providerSession(ctx: Caller, userId: number, secondFactorPending: boolean) {
  return createSession({ db: ctx.db, now: ctx.now }, userId, { ip: ctx.ip, userAgent: ctx.userAgent, secondFactorPending });
}
