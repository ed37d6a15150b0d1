import type { FastifyPluginAsync } from "fastify";
import { TRPCError } from "@trpc/server";
import { appRouter } from "@conduit/api";
import { contextForRequest, type ContextDeps } from "../http/request-context.ts";
import { errorBody, restError } from "../http/errors.ts";
import { restRoutes, type RestRequest } from "../rest/routes.ts";
import { openApiDocument } from "../rest/openapi.ts";
import { idempotencyKeysPlugin } from "./idempotency-keys.ts";

type Invoke = (input: unknown) => Promise<unknown>;

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
    parseJson(req, body as string, done);
  });

  await app.register(idempotencyKeysPlugin, {
    db: context.db,
    ttlMs: idempotencyTtlMs,
    transport: "header",
    userIdOf: async (req, reply) => (await contextForRequest(context, req, reply, "header").getAuth())?.user.id ?? null,
  });

  const document = openApiDocument();
  app.get("/openapi.json", async () => document);

  for (const def of restRoutes) {
    app.route({
      method: def.method,
      url: def.url,
      handler: async (req, reply) => {
        const body = (req.body ?? {}) as Record<string, unknown>;
        let inner: Record<string, unknown> = {};
        if (def.bodyKey) {
          const value = body[def.bodyKey];
          if (typeof value !== "object" || value === null || Array.isArray(value)) {
            return reply.code(422).send(errorBody(def.bodyKey, "can't be blank"));
          }
          inner = value as Record<string, unknown>;
        }
        const request: RestRequest = { params: req.params as Record<string, string>, query: req.query as Record<string, string>, body: inner };
        const caller = appRouter.createCaller(contextForRequest(context, req, reply, "header"));
        const [domain, name] = def.procedure.split(".") as [string, string];
        const invoke = (caller as unknown as Record<string, Record<string, Invoke>>)[domain]![name]!;
        try {
          const result = await invoke(def.input(request));
          if (def.status === 204) return reply.code(204).send();
          return reply.code(def.status).send(def.output ? def.output(result as never) : result);
        } catch (error) {
          if (!(error instanceof TRPCError)) throw error;
          const { status, body: errorJson, headers } = restError(error);
          return reply.code(status).headers(headers).send(errorJson);
        }
      },
    });
  }
};
