import type { ServerResponse } from "node:http";
import Fastify from "fastify";
import fastifyCookie from "@fastify/cookie";
import type { RateLimitOptions } from "@conduit/api";
import type { Db } from "@conduit/db";
import type { JobQueue } from "@conduit/jobs";
import type { AppJobs } from "./jobs/catalog.ts";
import { providerSignInPlugin } from "./plugins/provider-sign-in.ts";
import { canonicalOriginOf, type Config } from "./config.ts";
import { appDepsOf } from "./app-deps.ts";
import type { ContextDeps } from "./http/request-context.ts";
import { helmetOptions } from "./http/security-headers.ts";
import type { Metrics } from "./observability/metrics.ts";
import type { Tracing } from "./observability/tracing.ts";
import { serverOptions } from "./server-options.ts";
import { tracingPlugin } from "./plugins/tracing.ts";
import { metricsPlugin } from "./plugins/metrics.ts";
import { requestIdsPlugin } from "./plugins/request-ids.ts";
import { shutdownPlugin } from "./plugins/shutdown.ts";
import { errorHandlerPlugin } from "./plugins/error-handler.ts";
import { securityHeadersPlugin } from "./plugins/security-headers.ts";
import { corsPlugin } from "./plugins/cors.ts";
import { rateLimitPlugin } from "./plugins/rate-limit.ts";
import { healthPlugin } from "./plugins/health.ts";
import { trpcApiPlugin } from "./plugins/trpc-api.ts";
import { restApiPlugin } from "./plugins/rest-api.ts";
import { apiDocsPlugin } from "./plugins/api-docs.ts";
import { isWebAppBuilt, webAppPlugin } from "./plugins/web-app.ts";
import { notFoundPlugin } from "./plugins/not-found.ts";
import { devMailPlugin } from "./plugins/dev-mail.ts";
import { isLoopbackAddress } from "./http/loopback.ts";

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
  /** The job queue procedures enqueue on (the mail outbox); without it a code or link is refused, a notice skipped (mail-queue.ts). */
  jobs?: JobQueue<AppJobs>;
}

const hourMs = 3_600_000;

/** Everything registered, nothing listening: tests call `inject`, main.ts calls `listen`. */
export async function buildServer({ config, db, authRateLimits, logStream, metrics, tracing, jobs }: ServerDeps) {
  const production = config.NODE_ENV === "production";
  const helmet = helmetOptions(production);
  const app = Fastify(serverOptions({ config, helmet, logStream, traced: Boolean(tracing) }));
  app.server.maxConnections = config.HTTP_MAX_CONNECTIONS;
  const shared = appDepsOf(config, db, { jobs, authRateLimits });
  const context: ContextDeps = { app: shared, secureCookies: production, onProcedure: metrics?.onProcedure };
  const { live } = shared;
  const streams = new Set<ServerResponse>();
  const idempotencyTtlMs = config.IDEMPOTENCY_KEY_TTL_HOURS * hourMs;
  const { ALLOWED_ORIGINS: allowedOrigins, COOKIE_SECRET: cookieSecret } = config;

  if (tracing) await app.register(tracingPlugin, { tracing });
  if (metrics) await app.register(metricsPlugin, { metrics, openStreams: () => live.streams.open });
  await app.register(requestIdsPlugin);
  await app.register(shutdownPlugin, { live, streams });
  await app.register(errorHandlerPlugin);
  await app.register(securityHeadersPlugin, { helmet });
  await app.register(corsPlugin, { allowedOrigins });
  await app.register(rateLimitPlugin, { perMinute: config.RATE_LIMIT_PER_MINUTE, db, onRefused: metrics?.refusedByGlobalLimit });
  await app.register(healthPlugin, { db });
  // What browsers call with cookies (the web app's tRPC, the provider sign-in) in one scope that parses them.
  await app.register(async (browser) => {
    await browser.register(fastifyCookie, { secret: cookieSecret });
    await browser.register(trpcApiPlugin, { prefix: "/trpc", context, allowedOrigins, idempotencyTtlMs, streams });
    // Always: with no providers it answers /auth/providers with [] and starts nothing.
    await browser.register(providerSignInPlugin, { providers: config.OIDC_PROVIDERS, context, secure: production });
  });
  await app.register(restApiPlugin, { prefix: "/api", context, idempotencyTtlMs });
  await app.register(apiDocsPlugin);
  // Other people's mail: only without SMTP, and only on an address nobody else can reach.
  if (!config.SMTP_URL && isLoopbackAddress(config.HOST)) await app.register(devMailPlugin, { dir: config.MAIL_DIR });
  else if (!config.SMTP_URL) app.log.warn({ mailDir: config.MAIL_DIR }, "SMTP_URL is not set: mail is kept in MAIL_DIR and not sent");
  const webDist = isWebAppBuilt(config.WEB_DIST, app.log) ? config.WEB_DIST : undefined;
  if (webDist) await app.register(webAppPlugin, { dist: webDist, canonicalOrigin: canonicalOriginOf(config) });
  await app.register(notFoundPlugin, { spaFallback: webDist !== undefined });
  return app;
}
