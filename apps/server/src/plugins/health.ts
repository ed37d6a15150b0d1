import type { FastifyPluginAsync } from "fastify";
import { isDatabaseReachable, type Db } from "@conduit/db";

/** `/health`: the process answers (liveness). `/ready`: it can reach its database (readiness). */
export const healthPlugin: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  app.get("/health", async () => ({ status: "ok" }));
  app.get("/ready", async (_req, reply) => {
    const reachable = await isDatabaseReachable(db);
    return reply.code(reachable ? 200 : 503).send({ status: reachable ? "ok" : "database unreachable" });
  });
};
