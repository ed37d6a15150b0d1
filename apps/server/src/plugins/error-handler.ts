import fp from "fastify-plugin";
import type { FastifyError, FastifyPluginAsync } from "fastify";
import { errorBody } from "../http/errors.ts";

// Fastify's own errors, each as the field it concerns and what is wrong with it.
const messages: Record<string, [string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: ["body", "is not valid JSON"],
  FST_ERR_CTP_EMPTY_JSON_BODY: ["body", "is empty"],
  FST_ERR_CTP_BODY_TOO_LARGE: ["body", "is too large"],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ["content-type", "is not supported: send application/json"],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ["content-length", "does not match the body"],
};

/**
 * Fastify's own errors (bad JSON, wrong content type, body too large) as JSON with the right
 * 4xx; anything unexpected is logged with the request id and answered with a bare 500.
 */
const errorHandler: FastifyPluginAsync = async (app) => {
  app.setErrorHandler((error: FastifyError, req, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      req.log.error({ err: error, requestId: req.id }, "unhandled error");
      return reply.code(500).send(errorBody("server", "internal error"));
    }
    // The global rate limit's refusal arrives here already in the API's shape, saying when to retry.
    if ("errors" in error) return reply.code(status).send({ errors: error.errors });
    const [field, message] = messages[error.code] ?? ["request", error.message];
    return reply.code(status).send(errorBody(field, message));
  });
};

export const errorHandlerPlugin = fp(errorHandler, { name: "conduit-error-handler" });
