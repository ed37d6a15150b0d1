import fp from "fastify-plugin";
import type { FastifyPluginAsync } from "fastify";
import type { HelmetOptions } from "helmet";
import { securityHeaders } from "../http/security-headers.ts";

/**
 * Helmet's headers on every answer; the ones Fastify writes before any hook get the same
 * (server-options.ts). They depend on nothing in the request, so helmet works them out once, at
 * start: run per request (@fastify/helmet), it parsed its CSP directives again every time, 6% of
 * a cached read's CPU.
 */
const securityHeadersOnEveryAnswer: FastifyPluginAsync<{ helmet: HelmetOptions }> = async (app, { helmet }) => {
  const headers = securityHeaders(helmet);
  app.addHook("onRequest", (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
};

export const securityHeadersPlugin = fp(securityHeadersOnEveryAnswer, { name: "conduit-security-headers" });
