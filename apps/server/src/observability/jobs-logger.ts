import { pino } from "pino";
import type { Config } from "../config.ts";
import { traceIds } from "./trace-context.ts";

/** The log of job runs (the web server's own lines come from Fastify's logger, configured alike). */
export function jobsLogger(config: Pick<Config, "LOG_LEVEL">, traced: boolean) {
  return pino({ level: config.LOG_LEVEL, ...(traced ? { mixin: traceIds } : {}) });
}
