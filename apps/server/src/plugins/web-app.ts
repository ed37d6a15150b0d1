import { existsSync } from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import fastifyStatic from "@fastify/static";
import { errorBody } from "../http-errors.ts";

/**
 * Serves the built web app, with index.html for any other GET that asks for HTML (client-side
 * routes). API paths keep their JSON 404s.
 */
export async function registerWebApp(app: FastifyInstance, dist: string) {
  if (!existsSync(path.join(dist, "index.html"))) {
    app.log.warn({ dist }, "web app not built: run pnpm build to serve it");
    return;
  }
  await app.register(fastifyStatic, { root: dist, wildcard: false, index: ["index.html"], maxAge: "1h", immutable: false });
  app.setNotFoundHandler((req, reply) => {
    const isApi = /^\/(api|trpc|docs|health|ready)(\/|$)/.test(req.url);
    if (req.method === "GET" && !isApi && (req.headers.accept ?? "").includes("text/html")) {
      return reply.header("cache-control", "no-cache").sendFile("index.html");
    }
    return reply.code(404).send(errorBody("route", `${req.method} ${req.url.split("?")[0]} not found`));
  });
}
