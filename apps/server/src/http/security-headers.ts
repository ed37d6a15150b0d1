import type { IncomingMessage, ServerResponse } from "node:http";
import helmet, { type HelmetOptions } from "helmet";

/** One helmet configuration for every response: the plugin's and the ones Fastify writes itself. */
export function helmetOptions(production: boolean): HelmetOptions {
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
 * The headers helmet would set, as a plain record, for every answer: the security-headers plugin
 * sets them on each, and Fastify's own answers to a bad URL, an over-long path segment, oversized
 * headers and a request timeout (before any hook runs) get them too.
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, () => {});
  return headers;
}
