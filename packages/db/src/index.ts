export { createDb, isDatabaseReachable, type Db, type DbHandle, type DbOptions, type QueryEvent } from "./client.ts";
export { parseDatabaseUrl, DatabaseUrlError, defaultDatabaseUrl, type DatabaseTarget } from "./database-url.ts";
export { isUniqueViolation, isForeignKeyViolation, isRecordNotFound } from "./errors.ts";
export type { Prisma, User, Article, Comment, Session, Tag } from "./generated/sqlite/client.ts";
