import type { IncomingMessage, ServerResponse } from "node:http";
import helmet from "helmet";
import type { FastifyHelmetOptions } from "@fastify/helmet";

/** One helmet configuration for every response: the plugin's and the ones Fastify writes itself. */
export function helmetOptions(production: boolean): FastifyHelmetOptions {
  return {
    contentSecurityPolicy: {
      directives: {
        "img-src": ["'self'", "data:", "https:"],
        "script-src": ["'self'"],
        // Only production is served over HTTPS; elsewhere this would break plain-http pages.
        "upgrade-insecure-requests": production ? [] : null,
      },
    },
    hsts: production,
  };
}

/**
 * The headers helmet would set, as a plain record. Fastify answers a bad URL, an over-long path
 * segment, oversized headers and a request timeout before any hook runs, so @fastify/helmet never
 * sees those responses; they get these instead.
 */
export function securityHeaders(options: FastifyHelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet(options as Parameters<typeof helmet>[0])({} as IncomingMessage, recorder as unknown as ServerResponse, () => {});
  return headers;
}
