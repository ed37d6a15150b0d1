import { trace } from "@opentelemetry/api";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { BatchSpanProcessor, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { registerInstrumentations } from "@opentelemetry/instrumentation";
import { PrismaInstrumentation } from "@prisma/instrumentation";
import FastifyOtelInstrumentation from "@fastify/otel";

/** Tracing is on when an OTLP endpoint is configured by the standard variables, and not disabled. */
export function tracingConfigured(env: Record<string, string | undefined> = process.env): boolean {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  return Boolean(endpoint) && env.OTEL_TRACES_EXPORTER !== "none" && env.OTEL_SDK_DISABLED !== "true";
}

/** Spans to the OTLP endpoint of the OTEL_* variables, in batches. */
export const otlpSpans = (): SpanProcessor => new BatchSpanProcessor(new OTLPTraceExporter());

export interface Tracing {
  /** Registered first on the Fastify instance: a span per request, from an incoming traceparent if any. */
  fastifyPlugin: ReturnType<FastifyOtelInstrumentation["plugin"]>;
  shutdown(): Promise<void>;
}

/**
 * The tracer provider for the process, and the instrumentations that feed it: @fastify/otel for
 * requests, @prisma/instrumentation for Prisma's queries (driver adapters included). Procedures
 * (packages/api) and hand-written reads (packages/db) open their own spans through
 * @opentelemetry/api, which costs next to nothing while no provider is registered.
 */
export function startTracing(processor: SpanProcessor): Tracing {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": process.env.OTEL_SERVICE_NAME ?? "conduit" }),
    spanProcessors: [processor],
  });
  provider.register();
  const fastifyOtel = new FastifyOtelInstrumentation({ instrumentHooks: false });
  fastifyOtel.setTracerProvider(provider);
  const unregister = registerInstrumentations({ tracerProvider: provider, instrumentations: [new PrismaInstrumentation()] });
  return {
    fastifyPlugin: fastifyOtel.plugin(),
    shutdown: async () => {
      unregister();
      await provider.shutdown();
    },
  };
}

/** Trace and span ids for log lines written inside a span. */
export function traceIds(): Record<string, string> {
  const context = trace.getActiveSpan()?.spanContext();
  return context ? { traceId: context.traceId, spanId: context.spanId } : {};
}
