import type { FastifyError, FastifyInstance } from "fastify";
import { errorBody } from "../http-errors.ts";
import { sendPage } from "./web-app.ts";

/**
 * Fastify's own errors (bad JSON, wrong content type, body too large, unknown route) as JSON with
 * the right 4xx; anything unexpected is logged with the request id and answered with a bare 500.
 */
export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, req, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      req.log.error({ err: error, requestId: req.id }, "unhandled error");
      return reply.code(500).send(errorBody("server", "internal error"));
    }
    const messages: Record<string, [string, string]> = {
      FST_ERR_CTP_INVALID_JSON_BODY: ["body", "is not valid JSON"],
      FST_ERR_CTP_EMPTY_JSON_BODY: ["body", "is empty"],
      FST_ERR_CTP_BODY_TOO_LARGE: ["body", "is too large"],
      FST_ERR_CTP_INVALID_MEDIA_TYPE: ["content-type", "is not supported: send application/json"],
      FST_ERR_CTP_INVALID_CONTENT_LENGTH: ["content-length", "does not match the body"],
    };
    // The global rate limit's refusal arrives here already in the API's shape, saying when to retry.
    if ("errors" in error) return reply.code(status).send({ errors: error.errors });
    const [field, message] = messages[error.code] ?? ["request", error.message];
    return reply.code(status).send(errorBody(field, message));
  });
}

/**
 * Unknown routes get a JSON 404. With the web app served, a browser's GET for any other path
 * gets index.html instead, so that client-side routes survive a reload.
 */
export function registerNotFound(app: FastifyInstance, { spaFallback }: { spaFallback: boolean }) {
  app.setNotFoundHandler((req, reply) => {
    const isApi = /^\/(api|trpc|docs|health|ready)(\/|$|\?)/.test(req.url);
    if (spaFallback && req.method === "GET" && !isApi && (req.headers.accept ?? "").includes("text/html")) {
      return sendPage(reply);
    }
    return reply.code(404).send(errorBody("route", `${req.method} ${req.url.split("?")[0]} not found`));
  });
}
