import { z } from "zod";
import type { Actor } from "../context.ts";
import { permittedProcedure, router } from "../trpc.ts";
import { authorize } from "../permissions/authorize.ts";
import { recordAudit } from "../shared/audit-record.ts";
import { notFound, refuse } from "../shared/field-error.ts";
import { roleErrors } from "./error-codes.ts";
import { lockRole } from "./role-writes.ts";

const roleInput = z.strictObject({ username: z.string().min(1).max(100), role: z.enum(["moderator", "admin"]) });

export const rolesRouter = router({
  /** The roles an account holds, as its profile shows them to admins (`grant:role:any`). */
  of: permittedProcedure("grant:role")
    .input(roleInput.pick({ username: true }))
    .output(z.object({ roles: z.array(z.string()) }))
    .query(async ({ ctx, input }) => {
      await authorize(ctx, "grant:role", { type: "user", id: input.username, ownerId: -1 });
      const user = await ctx.db.user.findUnique({ where: { username: input.username }, select: { id: true } });
      if (!user) throw notFound("user");
      return { roles: await rolesOf(ctx.db, user.id) };
    }),

  /** Gives an account a role; granting one it holds already changes nothing. Admins only (`grant:role:any`). */
  grant: permittedProcedure("grant:role")
    .input(roleInput)
    .output(z.object({ roles: z.array(z.string()) }))
    .mutation(async ({ ctx, input }) => {
      const { user, role } = await target(ctx, input);
      await ctx.db.$transaction(async (tx) => {
        const existing = await tx.userRole.findUnique({ where: { userId_roleId: { userId: user.id, roleId: role.id } } });
        if (existing) return;
        await tx.userRole.create({ data: { userId: user.id, roleId: role.id } });
        await recordAudit(tx, ctx, {
          action: "role.granted",
          actorId: ctx.auth.user.id,
          target: { type: "user", id: user.id },
          details: { role: input.role },
        });
      });
      return { roles: await rolesOf(ctx.db, user.id) };
    }),

  /** Takes a role away. The last admin cannot be removed: someone must be able to grant roles. */
  revoke: permittedProcedure("grant:role")
    .input(roleInput)
    .output(z.object({ roles: z.array(z.string()) }))
    .mutation(async ({ ctx, input }) => {
      const { user, role } = await target(ctx, input);
      await ctx.db.$transaction(async (tx) => {
        // Revocations of admin take turns (a row lock on PostgreSQL; SQLite has one writer), so
        // two admins revoking each other at once cannot leave none.
        await lockRole(tx, ctx.db.$provider, role.id);
        const holders = await tx.userRole.count({ where: { roleId: role.id } });
        const held = await tx.userRole.findUnique({ where: { userId_roleId: { userId: user.id, roleId: role.id } } });
        if (!held) return;
        if (input.role === "admin" && holders <= 1) throw refuse(roleErrors.LAST_ADMIN);
        await tx.userRole.delete({ where: { userId_roleId: { userId: user.id, roleId: role.id } } });
        await recordAudit(tx, ctx, {
          action: "role.revoked",
          actorId: ctx.auth.user.id,
          target: { type: "user", id: user.id },
          details: { role: input.role },
        });
      });
      return { roles: await rolesOf(ctx.db, user.id) };
    }),
});

/** The account and role named, once the caller may grant roles (asked first: a member learns nothing of who exists). */
async function target(ctx: Actor, input: z.infer<typeof roleInput>) {
  await authorize(ctx, "grant:role", { type: "user", id: input.username, ownerId: -1 });
  const [user, role] = await Promise.all([
    ctx.db.user.findUnique({ where: { username: input.username }, select: { id: true } }),
    ctx.db.role.findUnique({ where: { name: input.role }, select: { id: true } }),
  ]);
  if (!user) throw notFound("user");
  if (!role) throw notFound("role");
  return { user, role };
}

async function rolesOf(db: Actor["db"], userId: number): Promise<string[]> {
  const rows = await db.userRole.findMany({ where: { userId }, select: { role: { select: { name: true } } } });
  return rows.map((r) => r.role.name).sort();
}
