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
  ) {
    super(`${field} ${reason}`);
  }
}

type Code = "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "BAD_REQUEST" | "TOO_MANY_REQUESTS";

export function fieldError(code: Code, field: string, reason: string): TRPCError {
  return new TRPCError({ code, message: `${field} ${reason}`, cause: new FieldError(field, reason) });
}

export const notFound = (what: string) => fieldError("NOT_FOUND", what, "not found");
export const forbidden = (what: string) => fieldError("FORBIDDEN", what, "forbidden");
export const taken = (field: string) => fieldError("CONFLICT", field, "has already been taken");

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
