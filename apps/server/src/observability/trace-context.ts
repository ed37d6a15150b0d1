import { trace } from "@opentelemetry/api";

/** Tracing is on when an OTLP endpoint is configured by the standard variables, and not disabled. */
export function tracingConfigured(env: Record<string, string | undefined> = process.env): boolean {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  return Boolean(endpoint) && env.OTEL_TRACES_EXPORTER !== "none" && env.OTEL_SDK_DISABLED !== "true";
}

/** Trace and span ids for log lines written inside a span. */
export function traceIds(): Record<string, string> {
  const context = trace.getActiveSpan()?.spanContext();
  return context ? { traceId: context.traceId, spanId: context.spanId } : {};
}
