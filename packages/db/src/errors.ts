/** Prisma's error codes for constraint violations, the same through both driver adapters. */
function prismaCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error ? String((error as { code: unknown }).code) : undefined;
}

/** What the driver adapter called the failure; the only sign of a constraint in a raw query's error (P2010). */
function adapterKind(error: unknown): string | undefined {
  return (error as { meta?: { driverAdapterError?: { cause?: { kind?: string } } } } | null)?.meta?.driverAdapterError?.cause?.kind;
}

/** A unique index refused the write (duplicate email, slug, favorite, ...). */
export function isUniqueViolation(error: unknown): boolean {
  return prismaCode(error) === "P2002" || adapterKind(error) === "UniqueConstraintViolation";
}

/** A foreign key refused the write (the row it points to does not exist). */
export function isForeignKeyViolation(error: unknown): boolean {
  return prismaCode(error) === "P2003" || adapterKind(error) === "ForeignKeyConstraintViolation";
}

/** An update or delete by a unique key found no row (it was deleted meanwhile): P2025. */
export function isRecordNotFound(error: unknown): boolean {
  return prismaCode(error) === "P2025";
}
