// The OpenTelemetry SDK: loaded by main.ts only when tracing is configured (trace-context.ts),
// so a server without tracing neither loads nor pays for it at start-up.
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { BatchSpanProcessor, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { registerInstrumentations } from "@opentelemetry/instrumentation";
import { PrismaInstrumentation } from "@prisma/instrumentation";
import FastifyOtelInstrumentation from "@fastify/otel";

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
