import fp from "fastify-plugin";
import type { FastifyPluginAsync } from "fastify";
import fastifyRateLimit from "@fastify/rate-limit";
import { createWindowCounter } from "@conduit/api";
import type { Db } from "@conduit/db";
import { errorBody } from "../http/errors.ts";
import { requestLimitStore } from "../limits/request-limit-store.ts";

const windowSeconds = 60;
const liveStreamPath = "/trpc/live.";

export interface RateLimitOptions {
  /** Requests per IP per minute; 0 turns the limit off. */
  perMinute: number;
  db: Db;
  /** Told of each refusal (metrics). */
  onRefused?: () => void;
}

/** The global per-IP limit, on every route but live streams. */
const rateLimit: FastifyPluginAsync<RateLimitOptions> = async (app, { perMinute, db, onRefused }) => {
  if (perMinute <= 0) return;
  await app.register(fastifyRateLimit, {
    max: perMinute,
    timeWindow: windowSeconds * 1000,
    // Shared by every instance on PostgreSQL; on SQLite (one process) the plugin's own bounded store.
    ...(db.$postgresPool
      ? { store: requestLimitStore(createWindowCounter("request-ip", perMinute, windowSeconds, db.$postgresPool)) }
      : {}),
    ...(onRefused ? { onExceeded: onRefused } : {}),
    // A browser's EventSource gives up for good on a 429; live streams have limits of their own.
    allowList: (req) => req.url.startsWith(liveStreamPath),
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      ...errorBody("rate", `too many requests, retry in ${Math.ceil(ctx.ttl / 1000)} s`),
    }),
  });
};

export const rateLimitPlugin = fp(rateLimit, { name: "conduit-rate-limit" });
