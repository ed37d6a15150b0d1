import type { Db } from "./client.ts";

/**
 * Gives an account a role as the system (the first admin is made this way; after that admins use
 * roles.grant): idempotent, and recorded in the audit log with no actor.
 */
export async function grantRole(db: Db, username: string, role: string, by = "grant-role script"): Promise<void> {
  const user = await db.user.findUnique({ where: { username }, select: { id: true } });
  if (!user) throw new Error(`no account named ${username}`);
  const granted = await db.role.findUnique({ where: { name: role }, select: { id: true } });
  if (!granted) throw new Error(`no role named ${role}`);
  await db.$transaction(async (tx) => {
    if (await tx.userRole.findUnique({ where: { userId_roleId: { userId: user.id, roleId: granted.id } } })) return;
    await tx.userRole.create({ data: { userId: user.id, roleId: granted.id } });
    await tx.auditEvent.create({
      data: {
        action: "role.granted",
        actorId: null,
        targetType: "user",
        targetId: String(user.id),
        outcome: "success",
        details: JSON.stringify({ role, by }),
      },
    });
  });
}
