import fp from "fastify-plugin";
import type { FastifyPluginAsync } from "fastify";
import type { Tracing } from "../observability/tracing.ts";

/**
 * A span per request (@fastify/otel, registered first), and the request's own log lines written
 * from hooks inside it, so every line of a traced request carries its trace id.
 */
const tracing: FastifyPluginAsync<{ tracing: Tracing }> = async (app, { tracing }) => {
  await app.register(tracing.fastifyPlugin);
  app.addHook("onRequest", async (req) => req.log.info({ req }, "incoming request"));
  app.addHook("onResponse", async (req, reply) => req.log.info({ res: reply, responseTime: reply.elapsedTime }, "request completed"));
};

export const tracingPlugin = fp(tracing, { name: "conduit-tracing" });
