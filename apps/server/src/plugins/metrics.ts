import fp from "fastify-plugin";
import type { FastifyPluginAsync } from "fastify";
import type { Metrics } from "../observability/metrics.ts";

export interface MetricsPluginOptions {
  metrics: Metrics;
  /** How many live streams are open on this instance, read at each scrape. */
  openStreams: () => number;
}

/** Request durations for every answer; `/metrics` itself is served on a port of its own (main.ts). */
const metricsHooks: FastifyPluginAsync<MetricsPluginOptions> = async (app, { metrics, openStreams }) => {
  metrics.watchLiveStreams(openStreams);
  app.addHook("onResponse", async (req, reply) => {
    // A live stream's "duration" is its lifetime, not a latency: the gauge counts them instead.
    if (String(reply.getHeader("content-type")).startsWith("text/event-stream")) return;
    metrics.observeRequest(
      { method: req.method, route: req.routeOptions.url ?? "unmatched", status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
};

export const metricsPlugin = fp(metricsHooks, { name: "conduit-metrics" });
