import type { FastifyPluginAsync } from "fastify";
import { callTRPCProcedure, TRPCError } from "@trpc/server";
import { appRouter, procedureAt } from "@conduit/api";
import { contextForRequest, type ContextDeps } from "../http/request-context.ts";
import { errorBody, restError } from "../http/errors.ts";
import { restRoutes, type ProcedurePath, type RestRequest } from "../rest/routes.ts";
import { openApiDocument } from "../rest/openapi.ts";
import { idempotencyKeysPlugin } from "./idempotency-keys.ts";

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Whether the procedure at a path is a query or a mutation, as tRPC's `callTRPCProcedure` must
 * be told. Each row of the table was already checked against its own procedure's input
 * (rest/routes.ts); calling by path skips the caller proxy tRPC would build per request.
 */
function procedureType(path: ProcedurePath): "query" | "mutation" {
  const type = procedureAt(appRouter, path)?.type;
  if (type !== "query" && type !== "mutation") throw new Error(`REST route to ${path}: no query or mutation there`);
  return type;
}

export interface RestApiOptions {
  context: ContextDeps;
  idempotencyTtlMs: number;
}

/**
 * The RealWorld REST surface and its OpenAPI document, mounted at /api in a scope of its own, so
 * its JSON body parsing does not meet tRPC's.
 */
export const restApiPlugin: FastifyPluginAsync<RestApiOptions> = async (app, { context, idempotencyTtlMs }) => {
  // A POST with a JSON content type and no body (favorite, follow) is common from API clients;
  // it means "no input", not malformed JSON. Anything else goes to Fastify's own safe parser.
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (req, body, done) => {
    if (body === "") return done(null, {});
    void parseJson(req, String(body), done);
  });

  await app.register(idempotencyKeysPlugin, { context, ttlMs: idempotencyTtlMs, transport: "header" });

  const document = openApiDocument();
  app.get("/openapi.json", async () => document);

  for (const def of restRoutes) {
    const type = procedureType(def.procedure);
    app.route<{ Params: RestRequest["params"]; Querystring: RestRequest["query"] }>({
      method: def.method,
      url: def.url,
      handler: async (req, reply) => {
        let inner: Record<string, unknown> = {};
        if (def.bodyKey) {
          const value = isObject(req.body) ? req.body[def.bodyKey] : undefined;
          if (!isObject(value)) return reply.code(422).send(errorBody(def.bodyKey, "can't be blank"));
          inner = value;
        }
        const request: RestRequest = { params: req.params, query: req.query, body: inner };
        const ctx = contextForRequest(context, req, reply, "header");
        const input = def.input(request);
        let result: unknown;
        try {
          result = await callTRPCProcedure({
            router: appRouter,
            path: def.procedure,
            getRawInput: async () => input,
            ctx,
            type,
            signal: undefined,
            batchIndex: 0,
          });
        } catch (error) {
          if (!(error instanceof TRPCError)) throw error;
          const { status, body: errorJson, headers } = restError(error);
          return reply.code(status).headers(headers).send(errorJson);
        }
        if (def.status === 204) return reply.code(204).send();
        return reply.code(def.status).send(def.responseKey ? { [def.responseKey]: result } : result);
      },
    });
  }
};
