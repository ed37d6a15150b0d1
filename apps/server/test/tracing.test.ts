import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { testProviders, waitFor } from "@conduit/db/testing";
import { useServer } from "./harness.ts";
import { startTracing, type Tracing } from "../src/observability/tracing.ts";
import { tracingConfigured } from "../src/observability/trace-context.ts";

// One tracer provider for this file's process, exporting to memory.
const exporter = new InMemorySpanExporter();
const tracing: Tracing = startTracing(new SimpleSpanProcessor(exporter));
afterAll(() => tracing.shutdown());

const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
const callerSpanId = "00f067aa0ba902b7";

/** The names of the spans below `span`, depth first: the request's tree as a trace viewer shows it. */
function descendants(spans: ReadableSpan[], span: ReadableSpan): ReadableSpan[] {
  const children = spans.filter((s) => s.parentSpanContext?.spanId === span.spanContext().spanId);
  return children.flatMap((child) => [child, ...descendants(spans, child)]);
}

describe.each(await testProviders())("traces on %s", (provider) => {
  const server = useServer(provider, { tracing });
  let app: FastifyInstance;
  beforeAll(() => void (app = server.app));

  async function traceOf(url: string, { method = "GET" as "GET" | "POST", payload = undefined as object | undefined, status = 200 } = {}) {
    exporter.reset();
    const res = await app.inject({ method, url, payload, headers: { traceparent: `00-${traceId}-${callerSpanId}-01` } });
    expect(res.statusCode).toBe(status);
    const spans = exporter.getFinishedSpans();
    const request = spans.find((s) => s.name === "request" && s.parentSpanContext?.spanId === callerSpanId);
    expect(request, spans.map((s) => s.name).join(", ")).toBeDefined();
    return { spans, request: request! };
  }

  it("continues the caller's trace: HTTP request, then the procedure, then each hand-written SQL statement", async () => {
    const { spans, request } = await traceOf("/api/articles?limit=2");
    expect(request.spanContext().traceId).toBe(traceId);
    const procedure = descendants(spans, request).find((s) => s.name === "query articles.list");
    expect(procedure).toBeDefined();
    const statements = descendants(spans, procedure!).filter((s) => s.name === "db_query");
    expect(statements.length).toBeGreaterThanOrEqual(2);
    expect(statements.every((s) => String(s.attributes["db.query.text"]).includes("SELECT"))).toBe(true);
  });

  it("shows Prisma's queries under the procedure that ran them", async () => {
    const user = { username: "traced", email: "traced@example.test", password: "password123" };
    const { spans, request } = await traceOf("/api/users", { method: "POST", payload: { user }, status: 201 });
    const procedure = descendants(spans, request).find((s) => s.name === "mutation users.register");
    expect(procedure).toBeDefined();
    const prisma = descendants(spans, procedure!).map((s) => s.name);
    expect(prisma).toContain("prisma:client:operation");
    expect(prisma.some((name) => name.endsWith("db_query"))).toBe(true);
  });

  it("writes the trace id into every log line of the request", async () => {
    server.logs.length = 0;
    await traceOf("/api/tags");
    const lines = server.logs.map((l) => JSON.parse(l) as { msg: string; traceId?: string });
    expect(lines.map((l) => l.msg)).toEqual(["incoming request", "procedure", "request completed"]);
    expect(lines.map((l) => l.traceId)).toEqual([traceId, traceId, traceId]);
  });
});

describe.each(await testProviders())("a job's trace on %s", (provider) => {
  const server = useServer(provider, { tracing, jobs: true });

  it("continues the trace of the request that enqueued it, and shows the mail being handed over", async () => {
    exporter.reset();
    const res = await server.app.inject({
      method: "POST",
      url: "/api/users",
      headers: { traceparent: `00-${traceId}-${callerSpanId}-01` },
      payload: { user: { username: "traced", email: "traced@example.test", password: "password123" } },
    });
    expect(res.statusCode).toBe(201);
    // The job's span ends after its child's, once the queue has recorded the outcome.
    const finished = (name: string) => exporter.getFinishedSpans().find((s) => s.name === name);
    const [handover, job] = await waitFor(
      () =>
        finished("mailbox write") && finished("process send-mail")
          ? [finished("mailbox write")!, finished("process send-mail")!]
          : undefined,
      20_000,
      "the job's spans",
    );
    const spans = exporter.getFinishedSpans();
    const request = spans.find((s) => s.name === "request" && s.parentSpanContext?.spanId === callerSpanId)!;
    expect(job.spanContext().traceId).toBe(traceId);
    // The job's span hangs below the request's (through the enqueue), and the send below the job's.
    expect(descendants(spans, request)).toContain(job);
    expect(descendants(spans, job)).toContain(handover);
  });
});

describe("whether tracing is on", () => {
  it("follows the standard OTEL_* variables: an OTLP endpoint turns it on, OTEL_SDK_DISABLED or OTEL_TRACES_EXPORTER=none off", () => {
    expect(tracingConfigured({})).toBe(false);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" })).toBe(true);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://127.0.0.1:4318/v1/traces" })).toBe(true);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318", OTEL_SDK_DISABLED: "true" })).toBe(false);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318", OTEL_TRACES_EXPORTER: "none" })).toBe(false);
  });
});
