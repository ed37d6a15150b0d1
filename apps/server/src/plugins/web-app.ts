import { existsSync } from "node:fs";
import path from "node:path";
import fp from "fastify-plugin";
import type { FastifyBaseLogger, FastifyPluginAsync, FastifyReply } from "fastify";
import fastifyStatic from "@fastify/static";

/** Whether the web app was built at `dist`; says so in the log when it was not. */
export function isWebAppBuilt(dist: string | undefined, log: FastifyBaseLogger): dist is string {
  if (dist === undefined) return false;
  if (existsSync(path.join(dist, "index.html"))) return true;
  log.warn({ dist }, "web app not built: run pnpm build to serve it");
  return false;
}

/**
 * Serves the built web app's files (fastify-plugin: the not-found handler sends its page too).
 * With `canonicalOrigin` (a development server that named itself localhost), a browser's page
 * load at another name (127.0.0.1) moves to the same page there: cookies, passkeys and a
 * provider's callback all belong to one name. Only navigations move; API calls never do.
 */
const webApp: FastifyPluginAsync<{ dist: string; canonicalOrigin?: string }> = async (app, { dist, canonicalOrigin }) => {
  if (canonicalOrigin) {
    const { host } = new URL(canonicalOrigin);
    app.addHook("onRequest", async (req, reply) => {
      if (req.method !== "GET" || req.headers["sec-fetch-mode"] !== "navigate" || req.headers.host === host) return;
      // Only the path and query are carried over, onto the canonical origin: `//elsewhere` or
      // `/\\elsewhere` in the path stays a path and never names another site.
      const asked = new URL(req.url, "http://request.invalid");
      const to = new URL(canonicalOrigin);
      to.pathname = asked.pathname;
      to.search = asked.search;
      return reply.redirect(to.toString(), 302);
    });
  }
  // Hashed assets never change. preCompressed: the build wrote .br and .gz beside each text file
  // (vite-plugin-compression2), sent as they are, so compression costs nothing per request.
  await app.register(fastifyStatic, { root: dist, wildcard: false, index: false, maxAge: "1y", immutable: true, preCompressed: true });
  app.get("/", (_req, reply) => sendPage(reply));
};

export const webAppPlugin = fp(webApp, { name: "conduit-web-app" });

/**
 * index.html names the current build's hashed assets, so it must never be cached: without
 * `cacheControl: false` sendFile replaced this header with the assets' one-year `immutable`.
 */
export function sendPage(reply: FastifyReply) {
  return reply.header("cache-control", "no-cache").sendFile("index.html", { cacheControl: false });
}
