export { createDb, isDatabaseReachable, type Db, type DbHandle } from "./client.ts";
export { parseDatabaseUrl } from "./database-url.ts";
export { grantRole } from "./grant-role.ts";
export type { Prisma } from "./generated/sqlite/client.ts";
export { isUniqueViolation, isForeignKeyViolation, isRecordNotFound } from "./errors.ts";
/** Parameterized SQL for the few hot reads written by hand (values are always bound, never spliced). */
export { sqltag as sql, join as sqlJoin, type Sql } from "@prisma/client/runtime/client";
export * from "./events/index.ts";
export {
  claimIdempotencyKey,
  storeIdempotentAnswer,
  releaseIdempotencyKey,
  pruneIdempotencyKeys,
  withIdempotencyKey,
  type IdempotencyClaim,
} from "./idempotency-keys.ts";
