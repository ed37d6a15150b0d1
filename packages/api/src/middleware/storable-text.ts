import type { Step } from "./chain.ts";
import { refuse } from "../shared/field-error.ts";
import { unstorableTextPath } from "../shared/storable-text.ts";
import { requestErrors } from "../shared/request-errors.ts";

/**
 * Text that neither database can store is refused before any procedure sees it, naming the field:
 * one check at the edge for every procedure, whichever surface (tRPC or REST) called it.
 */
export const storableText: Step = async ({ getRawInput }, next) => {
  const field = unstorableTextPath(await getRawInput());
  if (field !== null) throw refuse(requestErrors.UNSTORABLE_TEXT, { field: field || "input" });
  return next();
};
