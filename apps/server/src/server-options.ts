import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import { LogController, type FastifyHttpOptions } from "fastify";
import type { HelmetOptions } from "helmet";
import type { Config } from "./config.ts";
import { clientErrorHandler, frameworkErrorHandler } from "./http/framework-errors.ts";
import { securityHeaders } from "./http/security-headers.ts";
import { traceIds } from "./observability/trace-context.ts";

const bodyLimitBytes = 1024 * 1024;
const requestIdPattern = /^[\w.:-]{1,64}$/;

/** A caller's `x-request-id` when it is well formed (a proxy's, to follow one request across hops), else a new one. */
function requestIdOf(req: { headers: Record<string, string | string[] | undefined> }): string {
  const given = req.headers["x-request-id"];
  return typeof given === "string" && requestIdPattern.test(given) ? given : randomUUID();
}

export interface ServerOptionsInput {
  config: Config;
  helmet: HelmetOptions;
  logStream?: { write(line: string): void };
  traced: boolean;
}

/** What Fastify must be told at construction: logging, limits and timeouts, request ids, errors before routing. */
export function serverOptions({ config, helmet, logStream, traced }: ServerOptionsInput): FastifyHttpOptions<Server> {
  const earlyErrorHeaders = securityHeaders(helmet);
  return {
    logger: {
      level: config.LOG_LEVEL,
      // Credentials never reach a log line.
      redact: { paths: ["req.headers.authorization", "req.headers.cookie", 'res.headers["set-cookie"]'], censor: "[redacted]" },
      ...(logStream ? { stream: logStream } : {}),
      // Lines written inside a traced request name its trace.
      ...(traced ? { mixin: traceIds } : {}),
    },
    bodyLimit: bodyLimitBytes,
    // Traced, the request's own lines are written from hooks inside its span (plugins/tracing.ts),
    // so that every one of them carries the trace id; Fastify's would come before the span exists.
    ...(traced ? { logController: new LogController({ disableRequestLogging: true }) } : {}),
    trustProxy: config.TRUST_PROXY,
    // `/api/articles/` is `/api/articles`: some RealWorld clients add the slash.
    routerOptions: { maxParamLength: 500, ignoreTrailingSlash: true },
    // Slow clients are cut off: headers and the whole request within their timeouts (408), idle
    // sockets closed; Node checks the timeouts every second instead of every 30 s.
    http: { headersTimeout: config.HTTP_HEADERS_TIMEOUT_MS, connectionsCheckingInterval: 1_000 },
    requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
    keepAliveTimeout: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    connectionTimeout: config.HTTP_IDLE_TIMEOUT_MS,
    frameworkErrors: frameworkErrorHandler(earlyErrorHeaders),
    clientErrorHandler: clientErrorHandler(earlyErrorHeaders),
    // Ids come from genReqId, which accepts a caller's x-request-id only when it is well formed.
    requestIdHeader: false,
    genReqId: requestIdOf,
  };
}
