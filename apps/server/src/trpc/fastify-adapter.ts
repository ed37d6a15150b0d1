import type { ServerResponse } from "node:http";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AnyRouter, inferRouterContext } from "@trpc/server";
import { resolveResponse, type HTTPBaseHandlerOptions } from "@trpc/server/http";
import { incomingMessageToRequest } from "@trpc/server/adapters/node-http";
import { answerQueries, queryCalls } from "./query-calls.ts";

export interface TrpcRouteOptions<TRouter extends AnyRouter> extends Omit<HTTPBaseHandlerOptions<TRouter, Request>, "createContext"> {
  createContext: (opts: { req: FastifyRequest; res: FastifyReply }) => inferRouterContext<TRouter> | Promise<inferRouterContext<TRouter>>;
  /** Told of every subscription stream as it opens (the server cuts them at shutdown). */
  onStream?: (response: ServerResponse) => void;
}

/** A POST with nothing in its body, whose content type, if any, is JSON. */
function isBodilessCall(req: FastifyRequest): boolean {
  if (req.method !== "POST" || (req.body !== undefined && req.body !== "")) return false;
  const type = req.headers["content-type"];
  if (type !== undefined && type.split(";", 1)[0]!.trim().toLowerCase() !== "application/json") return false;
  return req.body === "" || (!req.headers["transfer-encoding"] && (req.headers["content-length"] ?? "0") === "0");
}

/**
 * tRPC over Fastify: `@trpc/server/adapters/fastify` with one change. Its handler gives Fastify
 * the fetch `Response` whole, and Fastify pipes that body through a web stream into the socket;
 * on the article list that was 7% of the CPU time. Here the body is read as one string and sent
 * as a plain reply, unless tRPC streams it.
 */
export function addTrpcRoute<TRouter extends AnyRouter>(app: FastifyInstance, opts: TrpcRouteOptions<TRouter>) {
  const { createContext, onStream, ...handlerOptions } = opts;
  // tRPC parses the body itself.
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => done(null, body));
  app.all<{ Params: { path: string }; Querystring: Record<string, string | undefined> }>("/:path", async (req, reply) => {
    // Queries by GET, unless streamed (httpBatchStreamLink asks with trpc-accept), skip the fetch round trip.
    const queries =
      req.method === "GET" && !req.headers["trpc-accept"]
        ? queryCalls(handlerOptions.router, req.params.path, req.query, opts.maxBatchSize ?? Infinity)
        : null;
    if (queries) {
      const ctx = await createContext({ req, res: reply });
      const answer = await answerQueries(handlerOptions.router, queries, ctx, handlerOptions.responseMeta);
      return reply.code(answer.status).headers(answer.headers).send(answer.body);
    }
    const raw = req.raw as typeof req.raw & { body?: unknown };
    if (isBodilessCall(req)) {
      // A mutation without input: tRPC's own client (httpLink) sends a JSON content type and no
      // body, a plain script may send neither, and tRPC's parser would fail on both. JSON has
      // no "undefined": a single call gets null (what a procedure without input ignores), a
      // batch an object with no inputs.
      raw.headers["content-type"] = "application/json";
      raw.body = req.query && (req.query as Record<string, unknown>).batch === "1" ? "{}" : "null";
    } else if (req.body !== undefined) raw.body = req.body;
    const response = await resolveResponse({
      ...handlerOptions,
      req: incomingMessageToRequest(raw, reply.raw, { maxBodySize: null }),
      path: req.params.path,
      error: null,
      createContext: async () => createContext({ req, res: reply }),
    });
    reply.code(response.status);
    response.headers.forEach((value, name) => void reply.header(name, value));
    // Subscriptions (server-sent events) and httpBatchStreamLink's answers (JSON lines, chunked)
    // arrive as they are ready: those stream.
    if (
      response.body &&
      (response.headers.get("transfer-encoding") === "chunked" || response.headers.get("content-type")?.startsWith("text/event-stream"))
    ) {
      onStream?.(reply.raw);
      return reply.send(response.body);
    }
    return reply.send(await response.text());
  });
}
