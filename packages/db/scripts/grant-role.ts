// pnpm --filter @conduit/db grant-role <username> <moderator|admin>
//
// Gives an account a role from the command line: how the first admin is made (after that, admins
// grant roles with roles.grant). Reads DATABASE_URL; recorded in the audit log as the system's act.
import { createDb } from "../src/client.ts";

const [username, role] = process.argv.slice(2);
if (!username || (role !== "moderator" && role !== "admin")) {
  console.error("usage: pnpm --filter @conduit/db grant-role <username> <moderator|admin>");
  process.exit(1);
}
const { db, close } = await createDb(process.env.DATABASE_URL);
try {
  const user = await db.user.findUnique({ where: { username }, select: { id: true } });
  if (!user) throw new Error(`no account named ${username}`);
  const granted = await db.role.findUniqueOrThrow({ where: { name: role }, select: { id: true } });
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
        details: JSON.stringify({ role, by: "grant-role script" }),
      },
    });
  });
  console.log(`${username} holds ${role}`);
} catch (error) {
  console.error(`grant-role failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await close();
}
process.exit();
