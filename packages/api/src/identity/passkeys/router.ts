import { z } from "zod";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { createSession } from "@conduit/auth";
import { isUniqueViolation } from "@conduit/db";
import { passkeyNameInput } from "@conduit/validators";
import type { Actor, Context } from "../../context.ts";
import { permittedProcedure, publicProcedure, router } from "../../trpc.ts";
import { recordAudit } from "../../shared/audit-record.ts";
import { notFound, refuse } from "../../shared/field-error.ts";
import { identityErrors } from "../error-codes.ts";
import { requireSudo } from "../sudo.ts";
import { mailNotice } from "../notices.ts";
import { toUser, userSchema } from "../to-user.ts";
import { authenticationJson, base64url, registrationJson } from "./credential-json.ts";
import { challengeUser, issueChallenge, verified } from "./challenges.ts";
import { keepOneSignInMethod } from "../sign-in-methods.ts";

const passkeysPerAccount = 20;

const passkeySchema = z.object({ id: z.string(), name: z.string(), createdAt: z.date(), lastUsedAt: z.date().nullable() });

type Relying = Pick<Context, "webAuthn">;

export const passkeysRouter = router({
  /** The caller's passkeys, newest first. */
  list: permittedProcedure("read:account")
    .output(z.array(passkeySchema))
    .query(({ ctx }) =>
      ctx.db.passkey.findMany({
        where: { userId: ctx.auth.user.id },
        orderBy: { createdAt: "desc" },
        take: passkeysPerAccount,
        select: { id: true, name: true, createdAt: true, lastUsedAt: true },
      }),
    ),

  /** Options for `navigator.credentials.create` (after a re-authentication): a resident key with user verification. */
  registrationOptions: permittedProcedure("update:account")
    .output(z.record(z.string(), z.unknown()))
    .mutation(async ({ ctx }) => {
      await requireSudo(ctx);
      const existing = await ctx.db.passkey.findMany({ where: { userId: ctx.auth.user.id }, select: { id: true } });
      if (existing.length >= passkeysPerAccount)
        throw refuse(identityErrors.PASSKEY_LIMIT, { detail: `${passkeysPerAccount} per account` });
      const options = await generateRegistrationOptions({
        rpName: "Conduit",
        rpID: ctx.webAuthn.rpId,
        userName: ctx.auth.user.email,
        userDisplayName: ctx.auth.user.username,
        attestationType: "none",
        excludeCredentials: existing.map((p) => ({ id: p.id })),
        authenticatorSelection: { residentKey: "required", userVerification: "required" },
        supportedAlgorithmIDs: [-7, -257],
      });
      await issueChallenge(ctx.db, options.challenge, "register", ctx.auth.user.id, ctx.now());
      return options as unknown as Record<string, unknown>;
    }),

  /** Registers the passkey the browser made, under a name; the address is told. */
  register: permittedProcedure("update:account")
    .input(z.strictObject({ response: registrationJson, name: passkeyNameInput }))
    .output(passkeySchema)
    .mutation(async ({ ctx, input }) => {
      await requireSudo(ctx);
      const { user } = ctx.auth;
      const result = await verified(() =>
        verifyRegistrationResponse({
          response: input.response as unknown as RegistrationResponseJSON,
          expectedChallenge: challengeUser(ctx.db, "register", user.id, ctx.now()),
          expectedOrigin: ctx.webAuthn.origin,
          expectedRPID: ctx.webAuthn.rpId,
          requireUserVerification: true,
        }),
      );
      if (!result.verified) throw refuse(identityErrors.PASSKEY_REFUSED);
      const { credential } = result.registrationInfo;
      try {
        return await ctx.db.$transaction(async (tx) => {
          const created = await tx.passkey.create({
            data: {
              id: credential.id,
              userId: user.id,
              publicKey: new Uint8Array(credential.publicKey),
              counter: credential.counter,
              transports: credential.transports?.join(",") ?? null,
              name: input.name,
            },
            select: { id: true, name: true, createdAt: true, lastUsedAt: true },
          });
          await recordAudit(tx, ctx, {
            action: "account.passkey_added",
            actorId: user.id,
            target: { type: "user", id: user.id },
            details: { name: input.name },
          });
          await mailNotice(ctx, tx, {
            to: user.email,
            username: user.username,
            notice: "passkey added",
            detail: input.name,
            key: `passkey-added:${credential.id}`,
          });
          return created;
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw refuse(identityErrors.PASSKEY_REGISTERED_ALREADY);
        throw error;
      }
    }),

  rename: permittedProcedure("update:account")
    .input(z.strictObject({ id: base64url, name: passkeyNameInput }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.db.$transaction(async (tx) => {
        const { count } = await tx.passkey.updateMany({ where: { id: input.id, userId: ctx.auth.user.id }, data: { name: input.name } });
        if (!count) throw notFound("passkey");
        await recordAudit(tx, ctx, {
          action: "account.passkey_renamed",
          actorId: ctx.auth.user.id,
          target: { type: "user", id: ctx.auth.user.id },
          details: { name: input.name },
        });
      });
      return { ok: true as const };
    }),

  /** Removes a passkey (after a re-authentication); it signs in no more. Not the account's last way to sign in. */
  remove: permittedProcedure("update:account")
    .input(z.strictObject({ id: base64url }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await requireSudo(ctx);
      await ctx.db.$transaction(async (tx) => {
        const { count } = await tx.passkey.deleteMany({ where: { id: input.id, userId: ctx.auth.user.id } });
        if (!count) throw notFound("passkey");
        await keepOneSignInMethod(tx, ctx.auth.user.id);
        await recordAudit(tx, ctx, {
          action: "account.passkey_removed",
          actorId: ctx.auth.user.id,
          target: { type: "user", id: ctx.auth.user.id },
        });
      });
      return { ok: true as const };
    }),

  /**
   * Where passkeys work: the relying party's origin. The web app opened at another address (an IP
   * address, another name) cannot use them, and says so instead of offering them.
   */
  relyingParty: publicProcedure
    .output(z.object({ rpId: z.string(), origin: z.string() }))
    .query(({ ctx }) => ({ rpId: ctx.webAuthn.rpId, origin: ctx.webAuthn.origin })),

  /** Options for `navigator.credentials.get` with no account named: the passkey says whose it is. */
  signInOptions: publicProcedure.output(z.record(z.string(), z.unknown())).mutation(async ({ ctx }) => {
    const options = await generateAuthenticationOptions({ rpID: ctx.webAuthn.rpId, userVerification: "required" });
    await issueChallenge(ctx.db, options.challenge, "sign-in", null, ctx.now());
    return options as unknown as Record<string, unknown>;
  }),

  /**
   * Signs in with a passkey alone: user verification on the device makes it two factors, so the
   * session is whole at once. Unknown, altered, replayed or foreign-origin responses are 400.
   */
  signIn: publicProcedure
    .input(z.strictObject({ response: authenticationJson }))
    .output(userSchema)
    .mutation(async ({ ctx, input }) => {
      const passkey = await ctx.db.passkey.findUnique({
        where: { id: input.response.id },
        include: { user: { select: { id: true, email: true, username: true, bio: true, image: true, bannedAt: true } } },
      });
      if (!passkey) throw refuse(identityErrors.PASSKEY_UNKNOWN);
      const result = await verified(() =>
        verifyAuthenticationResponse({
          response: input.response as unknown as AuthenticationResponseJSON,
          expectedChallenge: challengeUser(ctx.db, "sign-in", null, ctx.now()),
          expectedOrigin: ctx.webAuthn.origin,
          expectedRPID: ctx.webAuthn.rpId,
          credential: {
            id: passkey.id,
            publicKey: new Uint8Array(passkey.publicKey),
            counter: passkey.counter,
            transports: passkey.transports?.split(",") as AuthenticatorTransport[] | undefined,
          },
          requireUserVerification: true,
        }),
      );
      if (!result.verified) throw refuse(identityErrors.PASSKEY_REFUSED);
      const { user } = passkey;
      if (user.bannedAt) throw refuse(identityErrors.ACCOUNT_BANNED);
      const { token, session } = await signInWithPasskey(ctx, passkey.id, result.authenticationInfo.newCounter, user.id);
      ctx.cookies?.set(token, session.expiresAt);
      return toUser(user, token);
    }),
});

async function signInWithPasskey(ctx: Omit<Actor, "auth"> & Relying, passkeyId: string, counter: number, userId: number) {
  return ctx.db.$transaction(async (tx) => {
    await tx.passkey.update({ where: { id: passkeyId }, data: { counter, lastUsedAt: ctx.now() }, select: { id: true } });
    const created = await createSession({ db: tx, now: ctx.now }, userId, { ip: ctx.ip, userAgent: ctx.userAgent });
    await recordAudit(tx, ctx, { action: "session.passkey_sign_in", actorId: userId, target: { type: "user", id: userId } });
    return created;
  });
}
