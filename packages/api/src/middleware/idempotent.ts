import { withIdempotencyKey } from "@conduit/db";
import type { Step } from "./chain.ts";

/** A mutation sent with an Idempotency-Key: every write it makes marks the key in its own transaction. */
export const idempotent: Step = ({ ctx, type }, next) => {
  const claim = type === "mutation" ? ctx.idempotencyClaim : undefined;
  return claim ? withIdempotencyKey(claim, next) : next();
};
