import type { FastifyRequest } from "fastify";

export interface IdempotencyClaim {
  id: number;
  /** Set inside the transaction of the first write the request commits. */
  committed: boolean;
}

/**
 * The claimed Idempotency-Key of each request being served: the idempotency plugin claims and
 * settles it, the procedures' context reads it so that writes mark it in their transaction.
 */
const claims = new WeakMap<FastifyRequest, IdempotencyClaim>();

export const idempotencyClaimOf = (req: FastifyRequest) => claims.get(req);
export const setIdempotencyClaim = (req: FastifyRequest, claim: IdempotencyClaim) => void claims.set(req, claim);
export const clearIdempotencyClaim = (req: FastifyRequest) => void claims.delete(req);
