import { defineErrors } from "../shared/field-error.ts";

/** Refusals of reports, named once. Thrown with `refuse`; clients word them by name. */
export const reportErrors = defineErrors({
  OWN_CONTENT: { status: "BAD_REQUEST", field: "report", reason: "cannot report your own content" },
  REPORTED_ALREADY: { status: "CONFLICT", field: "report", reason: "you have already reported this" },
  RESOLVED_ALREADY: { status: "CONFLICT", field: "report", reason: "is already resolved" },
});
