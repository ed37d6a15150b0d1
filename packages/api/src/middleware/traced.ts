import { SpanStatusCode, trace } from "@opentelemetry/api";
import type { Step } from "./chain.ts";

/**
 * A span per call (a no-op unless the server registered a tracer provider), around all else. The
 * tracer is asked for on each call, not once at load: a provider registered later (or through
 * another build of @opentelemetry/api, CommonJS beside ESM) would otherwise never be seen.
 */
export const traced: Step = ({ path, type }, next) =>
  trace
    .getTracer("@conduit/api")
    .startActiveSpan(`${type} ${path}`, { attributes: { "rpc.system": "trpc", "rpc.method": path } }, async (span) => {
      try {
        const result = await next();
        if (!result.ok) span.setStatus({ code: SpanStatusCode.ERROR, message: result.error.code });
        return result;
      } finally {
        span.end();
      }
    });
