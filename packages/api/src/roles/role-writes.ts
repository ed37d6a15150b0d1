import { sql, type Prisma } from "@conduit/db";

/**
 * Holds a role's row until the transaction ends, so that changes to its holders take turns (a
 * row lock on PostgreSQL; SQLite has one writer already).
 */
export async function lockRole(tx: Prisma.TransactionClient, provider: "sqlite" | "postgresql", roleId: number): Promise<void> {
  if (provider === "postgresql") await tx.$queryRaw(sql`SELECT "id" FROM "Role" WHERE "id" = ${roleId} FOR UPDATE`);
}
