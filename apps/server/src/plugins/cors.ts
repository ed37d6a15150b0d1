import fp from "fastify-plugin";
import type { FastifyPluginAsync } from "fastify";
import fastifyCors from "@fastify/cors";

// What an allowed origin's page may send and read: every method and header the API uses
// (tRPC's own included), and the answers' limits and ids. A browser asks once per 10 minutes.
const corsMethods = ["GET", "HEAD", "POST", "PUT", "DELETE"];
const corsRequestHeaders = [
  "Authorization",
  "Content-Type",
  "Idempotency-Key",
  "X-Request-Id",
  "trpc-accept",
  "x-trpc-source",
  "Last-Event-ID",
];
const corsResponseHeaders = ["Retry-After", "X-Request-Id", "Idempotent-Replayed"];
const corsMaxAgeSeconds = 600;

/** Pages on the configured origins (`ALLOWED_ORIGINS`) may call the API with credentials; with none, no other origin may. */
const cors: FastifyPluginAsync<{ allowedOrigins: string[] }> = async (app, { allowedOrigins }) => {
  await app.register(fastifyCors, {
    origin: allowedOrigins.length ? allowedOrigins : false,
    credentials: true,
    methods: corsMethods,
    allowedHeaders: corsRequestHeaders,
    exposedHeaders: corsResponseHeaders,
    maxAge: corsMaxAgeSeconds,
  });
};

export const corsPlugin = fp(cors, { name: "conduit-cors" });
