import type { Step } from "./chain.ts";

/** One structured line per call, and one observation: who, what, how long, how it ended. Inputs are never logged. */
export const logged: Step = async ({ ctx, path, type }, next) => {
  const started = performance.now();
  const result = await next();
  const elapsed = performance.now() - started;
  ctx.onProcedure?.({ procedure: path, type, code: result.ok ? "OK" : result.error.code, seconds: elapsed / 1000 });
  const line = { requestId: ctx.requestId, procedure: path, type, durationMs: Math.round(elapsed * 100) / 100 };
  if (result.ok) {
    ctx.log.info({ ...line, ok: true }, "procedure");
  } else if (result.error.code === "INTERNAL_SERVER_ERROR") {
    ctx.log.error({ ...line, ok: false, code: result.error.code, err: result.error.cause ?? result.error }, "procedure failed");
  } else {
    ctx.log.info({ ...line, ok: false, code: result.error.code }, "procedure");
  }
  return result;
};
