/** What an HTTP layer needs to turn procedure errors into responses. */
export { fieldErrorsOf, type FieldErrors } from "./trpc.ts";
export { FieldError } from "./shared/field-error.ts";
