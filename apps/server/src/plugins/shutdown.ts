import type { ServerResponse } from "node:http";
import fp from "fastify-plugin";
import type { FastifyPluginAsync } from "fastify";
import type { Live } from "@conduit/api";

export interface ShutdownOptions {
  live: Live;
  /** The live streams open now (the tRPC surface adds each as it opens). */
  streams: ReadonlySet<ServerResponse>;
}

/**
 * What `close()` does beyond Fastify's own: answers still in flight say `Connection: close` (a
 * keep-alive connection left open would hold close() until the grace period runs out), and open
 * live streams are cut rather than ended: an ended stream tells the client to stop, a cut one
 * makes it reconnect (through the load balancer, to another instance) and resume from its last
 * event. Nothing is lost, and close() is not held by streams. Then this instance's feed stops.
 */
const shutdown: FastifyPluginAsync<ShutdownOptions> = async (app, { live, streams }) => {
  let closing = false;
  app.addHook("preClose", async () => {
    closing = true;
    for (const response of streams) response.destroy();
  });
  app.addHook("onSend", async (_req, reply) => {
    if (closing) reply.header("connection", "close");
  });
  app.addHook("onClose", async () => live.close());
};

export const shutdownPlugin = fp(shutdown, { name: "conduit-shutdown" });
