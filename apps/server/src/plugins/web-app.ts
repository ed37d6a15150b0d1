import { existsSync } from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import fastifyStatic from "@fastify/static";

/** Serves the built web app's files; returns false (and says so) when it has not been built. */
export async function registerWebApp(app: FastifyInstance, dist: string): Promise<boolean> {
  if (!existsSync(path.join(dist, "index.html"))) {
    app.log.warn({ dist }, "web app not built: run pnpm build to serve it");
    return false;
  }
  // Hashed assets never change; index.html is sent with no-cache by the not-found fallback.
  await app.register(fastifyStatic, { root: dist, wildcard: false, index: false, maxAge: "1y", immutable: true });
  app.get("/", (_req, reply) => reply.header("cache-control", "no-cache").sendFile("index.html"));
  return true;
}
