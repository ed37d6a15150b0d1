import { isForeignKeyViolation, isRecordNotFound, isUniqueViolation } from "@conduit/db";
import type { TRPCError } from "@trpc/server";
import { notFound, refuse, taken } from "./field-error.ts";
import { requestErrors } from "./request-errors.ts";

interface ConstraintMeta {
  driverAdapterError?: { cause?: { constraint?: { fields?: string[]; index?: string } } };
}

/** The column a unique index is on: SQLite names the fields, PostgreSQL the index (`Tag_name_key`). */
function uniqueField(error: unknown): string {
  const constraint = (error as { meta?: ConstraintMeta }).meta?.driverAdapterError?.cause?.constraint;
  return constraint?.fields?.[0] ?? constraint?.index?.match(/^[A-Za-z]+_(\w+?)_key$/)?.[1] ?? "record";
}

/**
 * A constraint that refused a write in a race no procedure foresaw (two requests inserting the
 * same unique value, a row deleted between its lookup and a write that refers to it) is the
 * client's conflict or a missing row, never a 500; so is an update or delete by key whose row
 * another request deleted first (Prisma's "record not found"). A taken email or username is answered here too,
 * naming the field whose index refused it. Procedures that can answer better (a duplicate
 * favorite is no error) handle their own cases first.
 */
export function constraintError(error: unknown): TRPCError | null {
  if (isUniqueViolation(error)) return taken(uniqueField(error));
  if (isForeignKeyViolation(error)) return refuse(requestErrors.RECORD_GONE);
  if (isRecordNotFound(error)) return notFound("record");
  return null;
}
