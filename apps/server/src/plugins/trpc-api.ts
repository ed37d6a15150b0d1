import type { ServerResponse } from "node:http";
import type { FastifyPluginAsync } from "fastify";
import { appRouter } from "@conduit/api";
import { contextForRequest, type ContextDeps } from "../http/request-context.ts";
import { retryHeaders } from "../http/errors.ts";
import { addTrpcRoute } from "../trpc/fastify-adapter.ts";
import { csrfPlugin } from "./csrf.ts";
import { idempotencyKeysPlugin } from "./idempotency-keys.ts";

/** Calls per batch; the web app's httpBatchLink uses the same cap. */
const maxBatchSize = 10;

export interface TrpcApiOptions {
  context: ContextDeps;
  allowedOrigins: string[];
  idempotencyTtlMs: number;
  /** Each live stream as it opens, so shutdown can cut it (plugins/shutdown.ts). */
  streams: Set<ServerResponse>;
}

/**
 * The web app's transport, mounted at /trpc inside the browser scope (server.ts), where cookies are
 * parsed; the CSRF check exists only here, where the session cookie is used. The REST surface
 * reads header tokens and pays for neither.
 */
export const trpcApiPlugin: FastifyPluginAsync<TrpcApiOptions> = async (app, { context, allowedOrigins, idempotencyTtlMs, streams }) => {
  await app.register(csrfPlugin, { allowedOrigins });
  await app.register(idempotencyKeysPlugin, { context, ttlMs: idempotencyTtlMs, transport: "cookie-or-header" });
  addTrpcRoute(app, {
    router: appRouter,
    maxBatchSize,
    responseMeta: ({ errors }) => ({ headers: retryHeaders(errors) }),
    createContext: ({ req, res }) => contextForRequest(context, req, res, "cookie-or-header"),
    onStream: (response) => {
      streams.add(response);
      response.once("close", () => streams.delete(response));
    },
  });
};
