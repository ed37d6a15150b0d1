import { defineErrors } from "../shared/field-error.ts";

/** Refusals of moderation, named once. Thrown with `refuse`; clients word them by name. */
export const moderationErrors = defineErrors({
  BAN_SELF: { status: "BAD_REQUEST", field: "user", reason: "cannot ban yourself" },
});
