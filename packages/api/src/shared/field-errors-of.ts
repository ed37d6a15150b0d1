import type { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { zodFieldErrors, type FieldErrors } from "@conduit/validators";
import { FieldError } from "./field-error.ts";

/** The per-field messages an error carries (a zod failure's, or one FieldError's), for both surfaces. */
export function fieldErrorsOf(error: TRPCError): FieldErrors | null {
  const cause = error.cause;
  if (cause instanceof ZodError) return zodFieldErrors(cause);
  if (cause instanceof FieldError) return { [cause.field]: [cause.reason] };
  return null;
}
