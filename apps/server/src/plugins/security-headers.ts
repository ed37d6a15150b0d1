import fp from "fastify-plugin";
import type { FastifyPluginAsync } from "fastify";
import fastifyHelmet, { type FastifyHelmetOptions } from "@fastify/helmet";

/** Helmet's headers on every answer; the ones Fastify writes before any hook get the same (server-options.ts). */
const securityHeaders: FastifyPluginAsync<{ helmet: FastifyHelmetOptions }> = async (app, { helmet }) => {
  await app.register(fastifyHelmet, helmet);
};

export const securityHeadersPlugin = fp(securityHeaders, { name: "conduit-security-headers" });
