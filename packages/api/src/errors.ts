/** What an HTTP layer needs to turn procedure errors into responses. */
export { fieldErrorsOf } from "./shared/field-errors-of.ts";
export { retryAfterSecondsOf } from "./shared/field-error.ts";
