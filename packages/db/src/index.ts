export { createDb, isDatabaseReachable, type Db, type DbHandle, type DbOptions, type QueryEvent } from "./client.ts";
export type { ChangeSignals } from "./change-signals.ts";
export { parseDatabaseUrl, DatabaseUrlError, type DatabaseTarget } from "./database-url.ts";
export { isUniqueViolation, isForeignKeyViolation, isRecordNotFound } from "./errors.ts";
export type { Prisma, User, Article, Comment, Session, Tag } from "./generated/sqlite/client.ts";
/** Parameterized SQL for the few hot reads written by hand (values are always bound, never spliced). */
export { sqltag as sql, join as sqlJoin, empty as sqlEmpty, type Sql } from "@prisma/client/runtime/client";
export * from "./events/index.ts";
export {
  claimIdempotencyKey,
  storeIdempotentAnswer,
  releaseIdempotencyKey,
  pruneIdempotencyKeys,
  withIdempotencyKey,
  type KeyClaim,
  type StoredAnswer,
} from "./idempotency-keys.ts";
