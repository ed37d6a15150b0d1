import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import Fastify, { LogController } from "fastify";
import fastifyCookie from "@fastify/cookie";
import fastifyCors from "@fastify/cors";
import fastifyHelmet from "@fastify/helmet";
import fastifyRateLimit from "@fastify/rate-limit";
import { appRouter, createAuthRateLimiter, createLive, createWindowCounter, type RateLimitOptions } from "@conduit/api";
import { isDatabaseReachable, type Db } from "@conduit/db";
import type { Config } from "./config.ts";
import { contextForRequest } from "./request-context.ts";
import { restPlugin } from "./rest/plugin.ts";
import { registerCsrfCheck } from "./plugins/csrf.ts";
import { registerIdempotencyKeys } from "./plugins/idempotency.ts";
import { trpcRoutes } from "./plugins/trpc.ts";
import { registerApiDocs } from "./plugins/api-docs.ts";
import { registerErrorHandling, registerNotFound } from "./plugins/error-handler.ts";
import { registerWebApp } from "./plugins/web-app.ts";
import { errorBody, retryHeaders } from "./http-errors.ts";
import { helmetOptions, securityHeaders } from "./plugins/security-headers.ts";
import { clientErrorHandler, frameworkErrorHandler } from "./plugins/framework-errors.ts";
import type { Metrics } from "./plugins/metrics.ts";
import { requestLimitStore } from "./plugins/request-limit-store.ts";
import { traceIds } from "./trace-context.ts";
import type { Tracing } from "./tracing.ts";

export interface ServerDeps {
  config: Config;
  db: Db;
  /** Log-in/registration limits; by default from the configuration. */
  authRateLimits?: RateLimitOptions;
  /** Where log lines go (default: stdout); tests read them. */
  logStream?: { write(line: string): void };
  /** Prometheus metrics, when they are on (METRICS_PORT). */
  metrics?: Metrics;
  /** OpenTelemetry tracing, when it is on (OTEL_EXPORTER_OTLP_ENDPOINT). */
  tracing?: Tracing;
}

export const maxBatchSize = 10;
const liveStreamPath = "/trpc/live.";
const requestIdPattern = /^[\w.:-]{1,64}$/;
// What an allowed origin's page may send and read: every method and header the API uses
// (tRPC's own included), and the answers' limits and ids. A browser asks once per 10 minutes.
const corsMethods = ["GET", "HEAD", "POST", "PUT", "DELETE"];
const corsRequestHeaders = ["Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id", "trpc-accept", "x-trpc-source", "Last-Event-ID"];
const corsResponseHeaders = ["Retry-After", "X-Request-Id", "Idempotent-Replayed"];
const corsMaxAgeSeconds = 600;

/** Everything registered, nothing listening: tests call `inject`, main.ts calls `listen`. */
export async function buildServer({ config, db, authRateLimits, logStream, metrics, tracing }: ServerDeps) {
  const secureCookies = config.NODE_ENV === "production";
  const helmetConfig = helmetOptions(secureCookies);
  const earlyErrorHeaders = securityHeaders(helmetConfig);
  const app = Fastify({
    logger: {
      level: config.LOG_LEVEL,
      // Credentials never reach a log line.
      redact: { paths: ["req.headers.authorization", "req.headers.cookie", 'res.headers["set-cookie"]'], censor: "[redacted]" },
      ...(logStream ? { stream: logStream } : {}),
      // Lines written inside a traced request name its trace.
      ...(tracing ? { mixin: traceIds } : {}),
    },
    bodyLimit: 1024 * 1024,
    // Traced, the request's own lines are written from hooks inside its span (below), so that
    // every one of them carries the trace id; Fastify's would come before the span exists.
    ...(tracing ? { logController: new LogController({ disableRequestLogging: true }) } : {}),
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
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && requestIdPattern.test(given) ? given : randomUUID();
    },
  });
  app.server.maxConnections = config.HTTP_MAX_CONNECTIONS;
  if (tracing) {
    await app.register(tracing.fastifyPlugin);
    app.addHook("onRequest", async (req) => req.log.info({ req }, "incoming request"));
    app.addHook("onResponse", async (req, reply) => req.log.info({ res: reply, responseTime: reply.elapsedTime }, "request completed"));
  }
  metrics?.register(app);
  app.addHook("onRequest", async (req, reply) => {
    reply.header("x-request-id", req.id);
  });
  // While shutting down, answer in-flight requests with `Connection: close`: a keep-alive
  // connection left open would hold close() until the grace period runs out.
  let closing = false;
  app.addHook("preClose", async () => {
    closing = true;
  });
  app.addHook("onSend", async (_req, reply) => {
    if (closing) reply.header("connection", "close");
  });

  const limits = authRateLimits ?? { perIp: config.AUTH_RATE_LIMIT_PER_IP, perAccount: config.AUTH_RATE_LIMIT_PER_ACCOUNT, windowSeconds: 60 };
  const live = createLive(db, { maxStreams: config.LIVE_MAX_STREAMS, maxStreamsPerHolder: config.LIVE_MAX_STREAMS_PER_USER, retentionMs: config.EVENT_RETENTION_HOURS * 3_600_000 });
  const deps = { db, authRateLimiter: createAuthRateLimiter(limits, db.$postgresPool), secureCookies, onProcedure: metrics?.onProcedure, live };
  metrics?.watchLiveStreams(() => live.streams.open);
  const idempotencyTtlMs = config.IDEMPOTENCY_KEY_TTL_HOURS * 3_600_000;

  // At shutdown, open live streams are cut rather than ended: an ended stream tells the client
  // to stop, a cut one makes it reconnect (through the load balancer, to another instance) and
  // resume from its last event. Nothing is lost, and close() is not held by streams.
  const streams = new Set<ServerResponse>();
  app.addHook("preClose", async () => {
    for (const response of streams) response.destroy();
  });
  app.addHook("onClose", async () => live.close());

  registerErrorHandling(app);
  await app.register(fastifyHelmet, helmetConfig);
  await app.register(fastifyCors, {
    origin: config.ALLOWED_ORIGINS.length ? config.ALLOWED_ORIGINS : false,
    credentials: true,
    methods: corsMethods,
    allowedHeaders: corsRequestHeaders,
    exposedHeaders: corsResponseHeaders,
    maxAge: corsMaxAgeSeconds,
  });
  if (config.RATE_LIMIT_PER_MINUTE > 0) {
    await app.register(fastifyRateLimit, {
      max: config.RATE_LIMIT_PER_MINUTE,
      timeWindow: "1 minute",
      // Shared by every instance on PostgreSQL; on SQLite (one process) the plugin's own bounded store.
      ...(db.$postgresPool ? { store: requestLimitStore(createWindowCounter("request-ip", config.RATE_LIMIT_PER_MINUTE, 60, db.$postgresPool)) } : {}),
      ...(metrics ? { onExceeded: metrics.refusedByGlobalLimit } : {}),
      // A browser's EventSource gives up for good on a 429; live streams have limits of their own.
      allowList: (req) => req.url.startsWith(liveStreamPath),
      errorResponseBuilder: (_req, ctx) => ({ statusCode: 429, ...errorBody("rate", `too many requests, retry in ${Math.ceil(ctx.ttl / 1000)} s`) }),
    });
  }
  app.get("/health", async () => ({ status: "ok" }));
  app.get("/ready", async (_req, reply) => {
    const reachable = await isDatabaseReachable(db);
    return reply.code(reachable ? 200 : 503).send({ status: reachable ? "ok" : "database unreachable" });
  });

  // Cookies, and so the CSRF check, exist only where the session cookie is used: the web app's
  // transport. The REST surface reads header tokens and pays for neither.
  await app.register(async (trpcScope) => {
    await trpcScope.register(fastifyCookie, { secret: config.COOKIE_SECRET });
    registerCsrfCheck(trpcScope, config.ALLOWED_ORIGINS);
    registerIdempotencyKeys(trpcScope, {
      db,
      ttlMs: idempotencyTtlMs,
      transport: "cookie-or-header",
      userIdOf: async (req, reply) => (await contextForRequest(deps, req, reply, "cookie-or-header").getAuth())?.user.id ?? null,
    });
    await trpcRoutes(trpcScope, {
      prefix: "/trpc",
      router: appRouter,
      maxBatchSize,
      responseMeta: ({ errors }) => ({ headers: retryHeaders(errors) }),
      createContext: ({ req, res }) => contextForRequest(deps, req, res, "cookie-or-header"),
      onStream: (response) => {
        streams.add(response);
        response.once("close", () => streams.delete(response));
      },
    });
  });
  await app.register(restPlugin, { prefix: "/api", ...deps, idempotencyTtlMs });
  await registerApiDocs(app);
  const webApp = config.WEB_DIST ? await registerWebApp(app, config.WEB_DIST) : false;
  registerNotFound(app, { spaFallback: webApp });
  return app;
}
