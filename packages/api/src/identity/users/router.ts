import {
  hashPassword,
  verifyPassword,
  verifyAgainstNothing,
  createSession,
  invalidateSession,
  invalidateUserSessions,
} from "@conduit/auth";
import { announceSessionsEnded } from "../../shared/session-watch.ts";
import { z } from "zod";
import { permittedProcedure, publicProcedure, router } from "../../trpc.ts";
import { refuse } from "../../shared/field-error.ts";
import { identityErrors } from "../error-codes.ts";
import { loginInput, registerInput, updateUserInput } from "@conduit/validators";
import { enqueueMail, welcomeMail } from "@conduit/mail";
import { recordAudit } from "../../shared/audit-record.ts";
import { toUser, userSchema } from "../to-user.ts";
import { deviceOf, noteDevice } from "../devices.ts";
import { mailNotice } from "../notices.ts";
import { credentialChanged, type CredentialChange } from "../credential-changed.ts";
import { noticeQueue } from "../../shared/mail-queue.ts";
import { verifySecondFactor } from "../second-factor/verify.ts";
import type { Context } from "../../context.ts";

/** Where a new session is signed in from, for its user's list of sessions. */
const seenFrom = (ctx: Pick<Context, "ip" | "userAgent">) => ({ ip: ctx.ip, userAgent: ctx.userAgent });

const userFields = { id: true, email: true, username: true, bio: true, image: true } as const;

export const usersRouter = router({
  register: publicProcedure
    .input(registerInput)
    .output(userSchema)
    .mutation(async ({ ctx, input }) => {
      await ctx.authRateLimiter.register(ctx.ip);
      const passwordHash = await hashPassword(input.password);
      // A taken email or username is the unique index's refusal, answered as 409 naming its field.
      // The welcome mail is in the outbox if and only if the account exists.
      const user = await ctx.db.$transaction(async (tx) => {
        // Every account is a member: the `user` role, seeded by the roles migration.
        const created = await tx.user.create({
          data: { email: input.email, username: input.username, passwordHash, roles: { create: { role: { connect: { name: "user" } } } } },
          select: userFields,
        });
        // The account stands without a queue; the code can be asked for again (see noticeQueue).
        const jobs = noticeQueue(ctx);
        if (jobs) {
          const mail = welcomeMail({ username: created.username, appUrl: ctx.publicUrl });
          await enqueueMail(jobs, tx, { key: `welcome:${created.id}`, to: created.email, mail });
          // The code that proves the address, made and sent by its job (it is stored nowhere).
          await jobs.enqueue("account.email-code", { userId: created.id, email: created.email, purpose: "verify" }, { tx });
        }
        // The device signed up from is known: signing in from it again is no news.
        await noteDevice(tx, created.id, deviceOf(ctx.userAgent), ctx.now());
        await recordAudit(tx, ctx, { action: "account.registered", actorId: created.id, target: { type: "user", id: created.id } });
        return created;
      });
      const { token, session } = await createSession(ctx, user.id, seenFrom(ctx));
      ctx.cookies?.set(token, session.expiresAt);
      return toUser(user, token);
    }),

  login: publicProcedure
    .input(loginInput)
    .output(userSchema)
    .mutation(async ({ ctx, input }) => {
      const user = await ctx.db.user.findUnique({
        where: { email: input.email },
        select: { ...userFields, passwordHash: true, bannedAt: true, totp: { select: { confirmedAt: true } } },
      });
      // Same answer, and the same argon2 work, whether or not the email is registered; only a
      // failure counts against the limits.
      const ok = await ctx.authRateLimiter.logIn(ctx.ip, input.email, async () =>
        user ? verifyPassword(user.passwordHash, input.password) : verifyAgainstNothing(input.password),
      );
      if (!user || !ok) {
        await recordAudit(ctx.db, ctx, {
          action: "session.login_failed",
          actorId: user?.id ?? null,
          outcome: "failure",
          details: { email: input.email },
        });
        throw refuse(identityErrors.CREDENTIALS_INVALID);
      }
      // Said only to whoever knows the password: a ban reveals nothing to a guesser.
      if (user.bannedAt) {
        await recordAudit(ctx.db, ctx, {
          action: "session.login_failed",
          actorId: user.id,
          outcome: "denied",
          details: { reason: "banned" },
        });
        throw refuse(identityErrors.ACCOUNT_BANNED);
      }
      // An account with a second factor: the code in the same call (API clients), or a session
      // that can only complete the second step (the web app, which asks for the code next).
      const secondFactorPending = Boolean(user.totp?.confirmedAt) && input.otp === undefined;
      if (user.totp?.confirmedAt && input.otp !== undefined) await verifySecondFactor(ctx, user, input.otp);
      if (secondFactorPending && !ctx.cookies) throw refuse(identityErrors.OTP_REQUIRED);
      const { token, session } = await ctx.db.$transaction(async (tx) => {
        const created = await createSession({ db: tx, now: ctx.now }, user.id, { ...seenFrom(ctx), secondFactorPending });
        const device = deviceOf(ctx.userAgent);
        if (await noteDevice(tx, user.id, device, ctx.now()))
          await mailNotice(ctx, tx, {
            to: user.email,
            username: user.username,
            notice: "new sign-in",
            detail: device,
            key: `new-sign-in:${created.session.id}`,
          });
        await recordAudit(tx, ctx, { action: "session.logged_in", actorId: user.id, target: { type: "user", id: user.id } });
        return created;
      });
      ctx.cookies?.set(token, session.expiresAt);
      if (secondFactorPending) throw refuse(identityErrors.OTP_REQUIRED);
      return toUser(user, token);
    }),

  me: permittedProcedure("read:account")
    .output(userSchema)
    .query(({ ctx }) => toUser(ctx.auth.user, ctx.auth.token)),

  /**
   * Who is signed in, or null: a visitor who is not is no error (the web app asks on every page).
   * With what their roles grant, so that the app shows only the pages they may use (the
   * procedures behind those pages check again).
   */
  whoami: publicProcedure
    .output(userSchema.extend({ emailVerified: z.boolean(), permissions: z.array(z.string()) }).nullable())
    .query(async ({ ctx }) => {
      const auth = await ctx.getAuth();
      if (!auth) return null;
      return {
        ...toUser(auth.user, auth.token),
        emailVerified: auth.user.emailVerifiedAt !== null,
        permissions: [...auth.permissions].sort(),
      };
    }),

  update: permittedProcedure("update:account")
    .input(updateUserInput)
    .output(userSchema)
    .mutation(async ({ ctx, input }) => {
      const { password, ...profile } = input;
      const passwordHash = password === undefined ? undefined : await hashPassword(password);
      const emailChanged = profile.email !== undefined && profile.email !== ctx.auth.user.email;
      const { updated: user, announce } = await ctx.db.$transaction(async (tx) => {
        // RealWorld's update takes a new address at once; it is not proven, so it is not verified.
        const verified = emailChanged ? { emailVerifiedAt: null } : {};
        const updated = await tx.user.update({
          where: { id: ctx.auth.user.id },
          data: { ...profile, ...verified, passwordHash },
          select: userFields,
        });
        // A new password or address ends every other session: whoever knew the old one is signed out.
        const { email: before } = ctx.auth.user;
        const changes: CredentialChange[] = [
          ...(passwordHash ? [{ kind: "password changed" as const }] : []),
          ...(emailChanged ? [{ kind: "email changed" as const, from: before, to: updated.email }] : []),
        ];
        const changed = { id: updated.id, email: before, username: updated.username };
        const announce = changes.length ? await credentialChanged(ctx, tx, changed, changes, { keepSession: ctx.auth.session.id }) : null;
        return { updated, announce };
      });
      await announce?.();
      return toUser(user, ctx.auth.token);
    }),

  logout: permittedProcedure("end:session")
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx }) => {
      await ctx.db.$transaction(async (tx) => {
        await invalidateSession({ db: tx }, ctx.auth.session.id);
        await recordAudit(tx, ctx, {
          action: "session.logged_out",
          actorId: ctx.auth.user.id,
          target: { type: "user", id: ctx.auth.user.id },
        });
      });
      await announceSessionsEnded(ctx.db, ctx.auth.user.id);
      ctx.cookies?.clear();
      return { ok: true as const };
    }),

  logoutEverywhere: permittedProcedure("end:session")
    .output(z.object({ sessionsEnded: z.number() }))
    .mutation(async ({ ctx }) => {
      const sessionsEnded = await ctx.db.$transaction(async (tx) => {
        const ended = await invalidateUserSessions({ db: tx }, ctx.auth.user.id);
        await recordAudit(tx, ctx, {
          action: "session.logged_out_everywhere",
          actorId: ctx.auth.user.id,
          target: { type: "user", id: ctx.auth.user.id },
          details: { sessionsEnded: ended },
        });
        return ended;
      });
      await announceSessionsEnded(ctx.db, ctx.auth.user.id);
      ctx.cookies?.clear();
      return { sessionsEnded };
    }),
});
