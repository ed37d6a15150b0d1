import { createHash } from "node:crypto";
import fp from "fastify-plugin";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import { claimIdempotencyKey, releaseIdempotencyKey, storeIdempotentAnswer } from "@conduit/db";
import { errorBody } from "../http/errors.ts";
import { contextForRequest, existingContext, type ContextDeps, type Transport } from "../http/request-context.ts";

export interface IdempotencyOptions {
  /** The procedures' context: keys are the caller's, and the claim goes where their writes see it. */
  context: ContextDeps;
  /** How long a key and its answer are kept. */
  ttlMs: number;
  /** The surface's credentials, and the shape of a refusal: RealWorld's error body on REST, tRPC's error on /trpc. */
  transport: Transport;
}

const writeMethods = new Set(["POST", "PUT", "PATCH", "DELETE"]);
// An sf-string's content or a bare token (Stripe's keys are bare): visible ASCII, at most 255.
const keyPattern = /^[\x21-\x7e]{1,255}$/;

function parseIdempotencyKey(header: string): string | null {
  const key = /^"(.*)"$/.exec(header)?.[1] ?? header;
  return keyPattern.test(key) ? key : null;
}

/** The request a key was first used with: method, path and query, and body. */
function fingerprintOf(req: FastifyRequest): string {
  const body = typeof req.body === "string" ? req.body : JSON.stringify(req.body ?? null);
  return createHash("sha256").update(`${req.method} ${req.url}\n${body}`).digest("base64url");
}

/** A refusal in the surface's own shape: RealWorld's error body on REST, tRPC's error on /trpc. */
function refuse(reply: FastifyReply, transport: Transport, status: 400 | 409 | 422, message: string) {
  if (transport === "header") return reply.code(status).send(errorBody("idempotency-key", message));
  const code = status === 409 ? "CONFLICT" : status === 422 ? "UNPROCESSABLE_CONTENT" : "BAD_REQUEST";
  const error = {
    error: {
      message: `idempotency-key ${message}`,
      code: TRPC_ERROR_CODES_BY_KEY[code],
      data: { code, httpStatus: status, path: null, fieldErrors: { "idempotency-key": [message] } },
    },
  };
  const batch = (reply.request.query as Record<string, unknown>).batch === "1";
  return reply.code(status).send(batch ? (reply.request.params as { path: string }).path.split(",").map(() => error) : error);
}

/**
 * `Idempotency-Key` on writes (the IETF draft, and Stripe's behaviour): the first request with
 * a key runs; a retry with the same key and request gets the first answer, status and body,
 * without running again (`Idempotent-Replayed: true`); the same key with another request is 422;
 * a retry while the first still runs is 409 with `Retry-After`. Keys are per signed-in user, kept
 * in the database (so every instance sees them) and marked in each write's own transaction. An
 * answer is kept when it succeeded or when a write committed; any other failure changed nothing
 * and frees the key. A request without a valid session ignores the header (it is refused anyway,
 * or it is a sign-up or log-in, which a retry cannot duplicate).
 */
const idempotencyKeys: FastifyPluginAsync<IdempotencyOptions> = async (app, { context, ttlMs, transport }) => {
  const { db } = context.app;
  app.addHook("preHandler", async (req, reply) => {
    const header = req.headers["idempotency-key"];
    if (header === undefined || !writeMethods.has(req.method)) return;
    const key = typeof header === "string" ? parseIdempotencyKey(header) : null;
    if (key === null) return refuse(reply, transport, 400, "must be 1 to 255 visible ASCII characters");
    const ctx = contextForRequest(context, req, reply, transport);
    const userId = (await ctx.getAuth())?.user.id;
    if (userId === undefined) return;

    const claim = await claimIdempotencyKey(db, userId, key, fingerprintOf(req), ttlMs);
    switch (claim.kind) {
      case "claimed":
        ctx.idempotencyClaim = { id: claim.id, committed: false };
        return;
      case "answered":
        if (claim.answer.contentType) reply.header("content-type", claim.answer.contentType);
        return reply.code(claim.answer.status).header("idempotent-replayed", "true").send(claim.answer.body);
      case "mismatch":
        return refuse(reply, transport, 422, "was already used with a different request");
      case "running":
        reply.header("retry-after", String(claim.retryAfterSeconds));
        return refuse(reply, transport, 409, "is in use by a request still running; retry later");
      case "lost":
        return refuse(reply, transport, 409, "belongs to a request that was applied but whose answer was lost; read the result instead");
    }
  });

  app.addHook("onSend", async (req, reply, payload) => {
    const ctx = existingContext(req);
    const claim = ctx?.idempotencyClaim;
    if (!ctx || !claim) return payload;
    ctx.idempotencyClaim = undefined;
    const storable = payload === null || typeof payload === "string" || Buffer.isBuffer(payload);
    if (storable && (reply.statusCode < 400 || claim.committed)) {
      const contentType = reply.getHeader("content-type");
      await storeIdempotentAnswer(db, claim.id, {
        status: reply.statusCode,
        contentType: typeof contentType === "string" ? contentType : null,
        body: payload === null ? "" : String(payload),
      });
    } else if (!claim.committed) {
      await releaseIdempotencyKey(db, claim.id);
    }
    return payload;
  });
};

/** In each surface's scope (fastify-plugin: its hooks must reach that scope's routes). */
export const idempotencyKeysPlugin = fp(idempotencyKeys, { name: "conduit-idempotency-keys" });
