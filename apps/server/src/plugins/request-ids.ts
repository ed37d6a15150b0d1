import fp from "fastify-plugin";
import type { FastifyPluginAsync } from "fastify";

/** Every answer names its request id (Fastify's `genReqId`, server-options.ts), so a report can be matched to its log lines. */
const requestIds: FastifyPluginAsync = async (app) => {
  app.addHook("onRequest", async (req, reply) => {
    reply.header("x-request-id", req.id);
  });
};

export const requestIdsPlugin = fp(requestIds, { name: "conduit-request-ids" });
