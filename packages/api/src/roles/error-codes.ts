import { defineErrors } from "../shared/field-error.ts";

/** Refusals of role changes, named once. Thrown with `refuse`; clients word them by name. */
export const roleErrors = defineErrors({
  LAST_ADMIN: { status: "CONFLICT", field: "role", reason: "the last admin cannot be removed" },
});
