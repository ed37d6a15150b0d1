import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { errorBody } from "./errors.ts";

type Answer = [status: number, field: string, message: string];

// What each known error is, in the API's words; anything else is the fallback.
const routingErrors: Record<string, Answer> = {
  FST_ERR_BAD_URL: [400, "url", "is not a valid URL (bad percent-encoding)"],
  FST_ERR_MAX_PARAM_LENGTH: [414, "url", "has a path segment that is too long"],
};
const parserErrors: Record<string, Answer> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, "request", "took too long to arrive"],
  HPE_HEADER_OVERFLOW: [431, "headers", "are too large"],
};

/**
 * Errors Fastify raises while routing, before hooks run (`frameworkErrors`): the API's error
 * shape and the security headers, like every other response.
 */
export function frameworkErrorHandler(headers: Record<string, string>) {
  return (error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const [status, field, message] = routingErrors[error.code] ?? [500, "server", "internal error"];
    if (status === 500) req.log.error({ err: error, requestId: req.id }, "unhandled framework error");
    reply
      .code(status)
      .headers({ ...headers, "x-request-id": req.id })
      .send(errorBody(field, message));
  };
}

/**
 * Errors Node's HTTP parser raises before there is a request at all (`clientError`): oversized
 * headers, a request that took too long, malformed HTTP. Answered on the raw socket, which is
 * then closed, in the API's error shape with the security headers.
 */
export function clientErrorHandler(headers: Record<string, string>) {
  return (error: NodeJS.ErrnoException, socket: Socket) => {
    // Stryker disable next-line ConditionalExpression,LogicalOperator,StringLiteral: saves work only: a reset socket is destroyed, and the writable check below catches it
    if (error.code === "ECONNRESET" || socket.destroyed) return;
    const [status, field, message] = (error.code && parserErrors[error.code]) || [400, "request", "is not valid HTTP"];
    const body = JSON.stringify(errorBody(field, message));
    const head = {
      ...headers,
      "content-type": "application/json; charset=utf-8",
      "content-length": String(Buffer.byteLength(body)),
      connection: "close",
    };
    // Stryker disable next-line ConditionalExpression: writing to a socket that cannot take it is a no-op; the peer sees the same close
    if (!socket.writable) return void socket.destroy();
    const response = `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${Object.entries(head)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join("")}\r\n${body}`;
    // Stryker disable next-line ArrowFunction: end() already closes our side; destroy() only frees the socket sooner
    socket.end(response, () => socket.destroy());
  };
}
