import { defineErrors } from "./field-error.ts";

/**
 * The refusals any procedure can meet before or around its own work (who is calling, what they
 * may do, what the input may hold, what the server has), and the live stream's. Named once, as
 * each feature's are; thrown with `refuse`.
 */
export const requestErrors = defineErrors({
  TOKEN_MISSING: { status: "UNAUTHORIZED", field: "token", reason: "is missing" },
  TOKEN_INVALID: { status: "UNAUTHORIZED", field: "token", reason: "is invalid or expired" },
  SECOND_FACTOR_PENDING: { status: "UNAUTHORIZED", field: "otp", reason: "required", message: "second factor required" },
  SESSION_ENDED: { status: "UNAUTHORIZED", field: "token", reason: "has ended", message: "session ended" },
  PERMISSION_DENIED: { status: "FORBIDDEN", field: "permission", reason: "forbidden" },
  EMAIL_UNVERIFIED: { status: "FORBIDDEN", field: "email", reason: "is not verified yet", message: "verify your email address first" },
  UNSTORABLE_TEXT: {
    status: "BAD_REQUEST",
    field: "input",
    reason: "contains a character that cannot be stored (NUL or an unpaired surrogate)",
  },
  RECORD_GONE: { status: "NOT_FOUND", field: "record", reason: "refers to something that no longer exists" },
  NO_MAIL_QUEUE: {
    status: "PRECONDITION_FAILED",
    field: "mail",
    reason: "cannot be sent: this server has no job queue",
    message: "this server sends no mail: it has no job queue",
  },
  STREAMS_FULL: {
    status: "SERVICE_UNAVAILABLE",
    field: "stream",
    reason: "cannot open: this instance serves as many as it can",
    message: "this instance has as many live streams open as it serves",
  },
  STREAMS_PER_USER: {
    status: "TOO_MANY_REQUESTS",
    field: "stream",
    reason: "cannot open: too many at once",
    message: "too many live streams open at once: close another tab",
  },
});
