// pnpm --filter @conduit/db grant-role <username> <moderator|admin>
//
// Gives an account a role from the command line: how the first admin is made (after that, admins
// grant roles with roles.grant). Reads DATABASE_URL; recorded in the audit log as the system's act.
import { createDb } from "../src/client.ts";
import { grantRole } from "../src/grant-role.ts";

const [username, role] = process.argv.slice(2);
if (!username || (role !== "moderator" && role !== "admin")) {
  console.error("usage: pnpm --filter @conduit/db grant-role <username> <moderator|admin>");
  process.exit(1);
}
const { db, close } = await createDb(process.env.DATABASE_URL);
try {
  await grantRole(db, username, role);
  console.log(`${username} holds ${role}`);
} catch (error) {
  console.error(`grant-role failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await close();
}
process.exit();
