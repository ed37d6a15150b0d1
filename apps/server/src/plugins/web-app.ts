import { existsSync } from "node:fs";
import path from "node:path";
import type { FastifyInstance, FastifyReply } from "fastify";
import fastifyStatic from "@fastify/static";

/** Serves the built web app's files; returns false (and says so) when it has not been built. */
export async function registerWebApp(app: FastifyInstance, dist: string): Promise<boolean> {
  if (!existsSync(path.join(dist, "index.html"))) {
    app.log.warn({ dist }, "web app not built: run pnpm build to serve it");
    return false;
  }
  // Hashed assets never change. preCompressed: the build wrote .br and .gz beside each text file
  // (vite-plugin-compression2), sent as they are, so compression costs nothing per request.
  await app.register(fastifyStatic, { root: dist, wildcard: false, index: false, maxAge: "1y", immutable: true, preCompressed: true });
  app.get("/", (_req, reply) => sendPage(reply));
  return true;
}

/**
 * index.html names the current build's hashed assets, so it must never be cached: without
 * `cacheControl: false` sendFile replaced this header with the assets' one-year `immutable`.
 */
export function sendPage(reply: FastifyReply) {
  return reply.header("cache-control", "no-cache").sendFile("index.html", { cacheControl: false });
}
