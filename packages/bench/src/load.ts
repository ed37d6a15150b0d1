import autocannon from "autocannon";

export interface LoadResult {
  name: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export interface Scenario {
  name: string;
  path: string;
  method?: "GET" | "POST" | "DELETE" | "PUT";
  headers?: Record<string, string>;
  body?: string;
  /** Requests each connection sends in turn instead (a favorite, then its undo), all on `path`'s server. */
  sequence?: { method: "GET" | "POST" | "DELETE" | "PUT"; path: string; body?: string }[];
}

/** Warm-up (discarded), then a fixed-duration run with autocannon. */
export async function load(
  base: string,
  scenario: Scenario,
  opts: { connections: number; seconds: number; warmupSeconds: number },
): Promise<LoadResult> {
  const run = (duration: number) =>
    autocannon({
      url: base + scenario.path,
      method: scenario.method ?? "GET",
      headers: { "content-type": "application/json", ...scenario.headers },
      body: scenario.body,
      ...(scenario.sequence ? { requests: scenario.sequence } : {}),
      connections: opts.connections,
      duration,
    });
  if (opts.warmupSeconds > 0) await run(opts.warmupSeconds);
  const r = await run(opts.seconds);
  return { name: scenario.name, reqPerSec: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}
