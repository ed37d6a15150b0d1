import { defineErrors } from "../shared/field-error.ts";

/** Refusals of profiles and follows, named once. Thrown with `refuse`; clients word them by name. */
export const profileErrors = defineErrors({
  FOLLOW_SELF: { status: "BAD_REQUEST", field: "profile", reason: "cannot follow yourself" },
});
