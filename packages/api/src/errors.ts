/** What an HTTP layer needs to turn procedure errors into responses. */
export { fieldErrorsOf, type FieldErrors } from "./trpc.ts";
export { FieldError, retryAfterSecondsOf } from "./shared/field-error.ts";
