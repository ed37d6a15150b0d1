import { createRequire } from "node:module";
import path from "node:path";
import type { FastifyPluginAsync } from "fastify";
import fastifyStatic from "@fastify/static";

const swaggerUiDir = path.dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
const fromSwaggerUi = new Set(["/swagger-ui-bundle.js", "/swagger-ui.css"]);

const page = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Conduit API</title>
    <link rel="stylesheet" href="/docs/swagger-ui.css" />
  </head>
  <body>
    <div id="api-reference"></div>
    <script src="/docs/swagger-ui-bundle.js"></script>
    <script src="/docs/init.js"></script>
  </body>
</html>
`;

// A file of its own, not an inline script, so the page's CSP allows scripts from 'self' only.
const init = `window.ui = SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#api-reference", deepLinking: true });\n`;

/**
 * The browsable API reference at /docs: Swagger UI reading /api/openapi.json. Its files are
 * served from disk, not held in the process (the embedded bundle used before cost 35 MB of
 * resident memory).
 */
export const apiDocsPlugin: FastifyPluginAsync = async (docs) => {
  docs.addHook("onSend", async (_req, reply) => {
    // Swagger UI sets style attributes; scripts stay 'self' only.
    reply.header(
      "content-security-policy",
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'self'",
    );
  });
  await docs.register(fastifyStatic, {
    root: swaggerUiDir,
    prefix: "/docs/",
    decorateReply: false,
    index: false,
    allowedPath: (file) => fromSwaggerUi.has(file),
    maxAge: "1d",
  });
  // `/docs` and `/docs/` are one route (ignoreTrailingSlash); the page names its files absolutely.
  docs.get("/docs/", (_req, reply) => reply.type("text/html; charset=utf-8").header("cache-control", "no-cache").send(page));
  docs.get("/docs/init.js", (_req, reply) => reply.type("text/javascript; charset=utf-8").header("cache-control", "no-cache").send(init));
};
