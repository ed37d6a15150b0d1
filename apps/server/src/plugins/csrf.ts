import fp from "fastify-plugin";
import type { FastifyPluginAsync } from "fastify";
import { sessionCookieName } from "@conduit/auth";
import { errorBody } from "../http/errors.ts";

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cookie sessions need a CSRF defence: a write that authenticates by cookie alone must come from
 * our own origin (or one configured as allowed). Browsers say where a request comes from
 * (`Sec-Fetch-Site`, `Origin`) and a page cannot forge either; a request that carries neither is
 * not from a browser and so cannot be a cross-site forgery (Go's CrossOriginProtection reasons
 * the same way). Header-token requests are never checked: no browser adds that header by itself.
 */
const csrf: FastifyPluginAsync<{ allowedOrigins: string[] }> = async (app, { allowedOrigins }) => {
  app.addHook("onRequest", async (req, reply) => {
    if (safeMethods.has(req.method) || req.headers.authorization || !req.cookies[sessionCookieName]) return;
    const origin = req.headers.origin;
    const fetchSite = req.headers["sec-fetch-site"];
    if (origin && allowedOrigins.includes(origin)) return;
    const crossSite = fetchSite
      ? fetchSite !== "same-origin" && fetchSite !== "none"
      : origin
        ? hostOf(origin) !== req.headers.host
        : false;
    if (crossSite) {
      return reply.code(403).send(errorBody("origin", "cross-site request refused"));
    }
  });
};

/** In the scope that reads the session cookie (fastify-plugin: its hook must reach that scope's routes). */
export const csrfPlugin = fp(csrf, { name: "conduit-csrf" });

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
