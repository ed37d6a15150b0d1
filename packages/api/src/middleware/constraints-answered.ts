import type { Step } from "./chain.ts";
import { constraintError } from "../shared/constraint-errors.ts";

/** The database's constraint violations that reach this far become 409 or 404, not 500. */
export const constraintsAnswered: Step = async (_opts, next) => {
  const result = await next();
  const mapped = result.ok ? null : constraintError(result.error.cause);
  if (mapped) throw mapped;
  return result;
};
