export { hashPassword, verifyPassword, verifyAgainstNothing, passwordHashOptions } from "./password.ts";
export {
  createSession,
  validateSessionToken,
  invalidateSession,
  invalidateUserSessions,
  pruneExpiredSessions,
  type SessionUser,
  type ValidSession,
} from "./sessions.ts";
export { sessionCookieName, sessionCookieOptions, tokenFromRequest } from "./credentials.ts";
