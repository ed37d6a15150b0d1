import { sql, type Db, type Prisma } from "@conduit/db";
import { generateSessionToken, parseSessionToken, secretMatches } from "./session-token.ts";

const day = 24 * 60 * 60 * 1000;
/** Sessions live 10 days from their last use (Lucia's figure). */
export const sessionLifetimeMs = 10 * day;
/** Expiry is pushed forward at most once an hour, so that most reads stay reads. */
const activityCheckIntervalMs = 60 * 60 * 1000;

export interface SessionUser {
  id: number;
  email: string;
  username: string;
  bio: string | null;
  image: string | null;
  /** When the account's address was proven, or null. */
  emailVerifiedAt: Date | null;
}

export interface ValidSession {
  id: string;
  userId: number;
  expiresAt: Date;
  /** Signed in with the password only, on an account with a second factor: only the second step may follow. */
  secondFactorPending: boolean;
  /** True when this validation extended the expiry: the cookie should be sent again. */
  renewed: boolean;
}

export interface SessionStore {
  db: Db;
  now?: () => Date;
}

/** Where sessions are made and ended: the database, or the transaction of the change that ends them. */
export interface SessionWrites {
  db: Prisma.TransactionClient;
  now?: () => Date;
}

/** As the drivers give it: SQLite dates are text, PostgreSQL's are Date objects. */
interface SessionRow {
  id: string;
  userId: number;
  secretHash: Uint8Array;
  expiresAt: string | Date;
  lastVerifiedAt: string | Date;
  secondFactorPending: boolean | number;
  email: string;
  username: string;
  bio: string | null;
  image: string | null;
  emailVerifiedAt: string | Date | null;
  /** The caller's permissions, comma-separated (`create:article:own,...`), or null for none. */
  permissions: string | null;
}

/**
 * Every permission the user's roles grant, as one comma-separated column of the session lookup:
 * a request knows what its caller may do without another query.
 */
function permissionList(provider: Db["$provider"]) {
  return provider === "postgresql"
    ? sql`string_agg(DISTINCT p."action" || ':' || p."entity" || ':' || p."access", ',')`
    : sql`group_concat(DISTINCT p."action" || ':' || p."entity" || ':' || p."access")`;
}

/** Where a request came from, as a session records it for its user's list. */
export interface SeenFrom {
  ip?: string;
  userAgent?: string | null;
  /** The account has a second factor and this sign-in has not given it yet. */
  secondFactorPending?: boolean;
}

export async function createSession({ db, now = () => new Date() }: SessionWrites, userId: number, from: SeenFrom = {}) {
  const { token, id, secretHash } = generateSessionToken();
  const at = now();
  const expiresAt = new Date(at.getTime() + sessionLifetimeMs);
  await db.session.create({
    data: {
      id,
      secretHash: new Uint8Array(secretHash),
      userId,
      createdAt: at,
      lastVerifiedAt: at,
      expiresAt,
      ip: from.ip ?? null,
      userAgent: from.userAgent ?? null,
      secondFactorPending: from.secondFactorPending ?? false,
    },
  });
  // Stryker disable next-line BooleanLiteral: a new session's cookie is set by whoever created it; `renewed` matters only to validation.
  const secondFactorPending = from.secondFactorPending ?? false;
  return { token, session: { id, userId, expiresAt, renewed: false, secondFactorPending } satisfies ValidSession };
}

/**
 * The session and its user for a token, or null when the token is malformed, unknown, wrong or
 * expired, or its account is banned (a ban deletes the sessions too; this closes the race with a
 * log-in that checked just before the ban).
 */
export async function validateSessionToken(
  { db, now = () => new Date() }: SessionStore,
  token: string,
  from: SeenFrom = {},
): Promise<{ session: ValidSession; user: SessionUser; permissions: ReadonlySet<string> } | null> {
  const parsed = parseSessionToken(token);
  if (!parsed) return null;
  // Every signed-in request asks this, so it is one statement straight to the driver.
  const [found] = await db.$rawRead<SessionRow>(sql`
    SELECT s."id", s."userId", s."secretHash", s."expiresAt", s."lastVerifiedAt", s."secondFactorPending", u."email", u."username", u."bio", u."image", u."emailVerifiedAt",
      (SELECT ${permissionList(db.$provider)}
       FROM "UserRole" ur JOIN "RolePermission" rp ON rp."roleId" = ur."roleId" JOIN "Permission" p ON p."id" = rp."permissionId"
       WHERE ur."userId" = s."userId") AS "permissions"
    FROM "Session" s JOIN "User" u ON u."id" = s."userId"
    WHERE s."id" = ${parsed.id} AND u."bannedAt" IS NULL`);
  if (!found || !secretMatches(parsed.secret, found.secretHash)) return null;
  const { id, email, username, bio, image } = found;
  const userId = Number(found.userId);
  const at = now();
  let expiresAt = new Date(found.expiresAt);
  if (at.getTime() >= expiresAt.getTime()) {
    await db.session.deleteMany({ where: { id } });
    return null;
  }
  let renewed = false;
  // Stryker disable next-line EqualityOperator: renewing at exactly one hour or one millisecond later is the same to anyone.
  if (at.getTime() - new Date(found.lastVerifiedAt).getTime() >= activityCheckIntervalMs) {
    expiresAt = new Date(at.getTime() + sessionLifetimeMs);
    renewed = true;
    // The hourly write also records where the session was last used from.
    await db.session.update({ where: { id }, data: { lastVerifiedAt: at, expiresAt, ...(from.ip ? { ip: from.ip } : {}) } });
  }
  const permissions = new Set(found.permissions ? found.permissions.split(",") : []);
  const emailVerifiedAt = found.emailVerifiedAt === null ? null : new Date(found.emailVerifiedAt);
  const secondFactorPending = Boolean(found.secondFactorPending);
  return {
    session: { id, userId, expiresAt, renewed, secondFactorPending },
    user: { id: userId, email, username, bio, image, emailVerifiedAt },
    permissions,
  };
}

export async function invalidateSession({ db }: SessionWrites, sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
}

/** Ends every session of a user, except the one named (to stay signed in where the change was made). */
export async function invalidateUserSessions({ db }: SessionWrites, userId: number, exceptSessionId?: string): Promise<number> {
  const { count } = await db.session.deleteMany({
    where: { userId, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) },
  });
  return count;
}

/** Deletes the sessions that have expired (the scheduled upkeep); says how many. */
export async function pruneExpiredSessions(db: Db, now = new Date()): Promise<number> {
  return (await db.session.deleteMany({ where: { expiresAt: { lte: now } } })).count;
}
