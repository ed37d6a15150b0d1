import { TRPCError } from "@trpc/server";

/**
 * The field an error is about and what is wrong with it, as the RealWorld API reports errors:
 * `{"errors": {"article": ["not found"]}}`. Carried as a TRPCError's cause so that tRPC clients
 * get it in `error.data.fieldErrors` and the REST surface can build its body from it.
 */
export class FieldError extends Error {
  override name = "FieldError";
  constructor(
    readonly field: string,
    readonly reason: string,
    /** The refusal's name in its feature's table (`OTP_WRONG`), which clients word for people. */
    readonly errorCode: string | null = null,
  ) {
    super(`${field} ${reason}`);
  }
}

type Code =
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "BAD_REQUEST"
  | "TOO_MANY_REQUESTS"
  | "PRECONDITION_FAILED"
  | "SERVICE_UNAVAILABLE";

/** One refusal a feature answers: its tRPC code (so its HTTP status), the field it is about, the server's words. */
export interface Refusal {
  status: Code;
  field: string;
  reason: string;
  /** The error's message where it is not "<field> <reason>" (kept as clients have read it). */
  message?: string;
}

/**
 * A feature's refusals, each named once (as Better Auth's `defineErrorCodes`): procedures throw
 * them by name with `refuse`, and the name travels with the error (`data.errorCode` on tRPC) so
 * that a client can word it for a person, in any language. The words here are the API's own,
 * which RealWorld clients show as they are (`{"errors": {"otp": ["is wrong"]}}`).
 */
export function defineErrors<const T extends Record<string, Refusal>>(table: T): { [K in keyof T]: T[K] & { errorCode: K & string } } {
  return Object.fromEntries(Object.entries(table).map(([errorCode, refusal]) => [errorCode, { ...refusal, errorCode }])) as {
    [K in keyof T]: T[K] & { errorCode: K & string };
  };
}

/**
 * The error for a named refusal. `detail` is appended to its words (a browser's or a library's
 * reason); `field` names the field where the refusal is about one the caller chose (the input
 * field holding bad text, the entity a permission is about); `message` overrides the message.
 */
export function refuse(
  refusal: Refusal & { errorCode: string },
  { detail, field = refusal.field, message }: { detail?: string; field?: string; message?: string } = {},
): TRPCError {
  const reason = detail ? `${refusal.reason}: ${detail}` : refusal.reason;
  return new TRPCError({
    code: refusal.status,
    message: message ?? refusal.message ?? `${field} ${reason}`,
    cause: new FieldError(field, reason, refusal.errorCode),
  });
}

function fieldError(code: Code, field: string, reason: string): TRPCError {
  return new TRPCError({ code, message: `${field} ${reason}`, cause: new FieldError(field, reason) });
}

/** The refusals every feature shares, about any field: a row that is not there, a value another row holds. */
export const notFound = (what: string) =>
  new TRPCError({ code: "NOT_FOUND", message: `${what} not found`, cause: new FieldError(what, "not found", "NOT_FOUND") });
export const forbidden = (what: string) => fieldError("FORBIDDEN", what, "forbidden");
export const taken = (field: string) =>
  new TRPCError({
    code: "CONFLICT",
    message: `${field} has already been taken`,
    cause: new FieldError(field, "has already been taken", "TAKEN"),
  });

/** Why a call was refused for now, and when to try again: the HTTP layer's `Retry-After`. */
class RetryLater extends Error {
  // Stryker disable next-line StringLiteral: never shown; only .seconds is read
  override name = "RetryLater";
  constructor(readonly seconds: number) {
    // Stryker disable next-line StringLiteral: never shown; the refusal's own message says it
    super(`try again in ${seconds} s`);
  }
}

export function tooManyRequests(what: string, seconds: number): TRPCError {
  return new TRPCError({ code: "TOO_MANY_REQUESTS", message: `${what}, try again in ${seconds} s`, cause: new RetryLater(seconds) });
}

export function retryAfterSecondsOf(error: TRPCError): number | null {
  return error.cause instanceof RetryLater ? error.cause.seconds : null;
}
