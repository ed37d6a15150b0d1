import { type TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { fieldErrorsOf, retryAfterSecondsOf } from "@conduit/api/errors";

/** RealWorld's error body: `{"errors": {"field": ["message"]}}`. */
export interface ErrorBody {
  errors: Record<string, string[]>;
}

export function errorBody(field: string, message: string): ErrorBody {
  return { errors: { [field]: [message] } };
}

/**
 * A procedure's TRPCError as a REST status and body. Validation failures are 422, as the
 * RealWorld spec has them; the rest keep their HTTP meaning. Internal errors say nothing more.
 */
export function restError(error: TRPCError): { status: number; body: ErrorBody; headers: Record<string, string> } {
  if (error.code === "INTERNAL_SERVER_ERROR") return { status: 500, body: errorBody("server", "internal error"), headers: {} };
  const fields = fieldErrorsOf(error);
  const status = error.code === "BAD_REQUEST" ? 422 : getHTTPStatusCodeFromError(error);
  return {
    status,
    body: { errors: fields && Object.keys(fields).length ? fields : { body: [error.message] } },
    headers: retryHeaders([error]),
  };
}

/** `Retry-After` for a refusal that says when to come back: the longest wait among the errors. */
export function retryHeaders(errors: readonly TRPCError[]): Record<string, string> {
  const seconds = Math.max(0, ...errors.map((e) => retryAfterSecondsOf(e) ?? 0));
  return seconds ? { "retry-after": String(seconds) } : {};
}
