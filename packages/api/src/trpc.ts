import { initTRPC, TRPCError } from "@trpc/server";
import { SpanStatusCode, trace } from "@opentelemetry/api";
import { ZodError } from "zod";
import { withIdempotencyKey } from "@conduit/db";
import { zodFieldErrors, type FieldErrors } from "@conduit/validators";
import type { Context } from "./context.ts";
import { FieldError, fieldError } from "./shared/field-error.ts";
import { unstorableTextPath } from "./middleware/storable-text.ts";
import { constraintError } from "./middleware/constraint-errors.ts";

export type { FieldErrors } from "@conduit/validators";

export function fieldErrorsOf(error: TRPCError): FieldErrors | null {
  const cause = error.cause;
  if (cause instanceof ZodError) return zodFieldErrors(cause);
  if (cause instanceof FieldError) return { [cause.field]: [cause.reason] };
  return null;
}

const t = initTRPC.context<Context>().create({
  // Stacks never leave the server, in development either: the log has them.
  isDev: false,
  // Subscriptions (live.events) over server-sent events. Pings keep proxies from closing a quiet
  // stream and let the client notice a dead one (it reconnects after 25 s without a byte). A stream
  // ends after 30 minutes and the client reconnects and resumes: no connection outlives a deploy
  // by much, and load spreads again across instances.
  sse: { ping: { enabled: true, intervalMs: 10_000 }, client: { reconnectAfterInactivityMs: 25_000 }, maxDurationMs: 30 * 60_000 },
  errorFormatter({ shape, error }) {
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    return {
      ...shape,
      message: internal ? "Internal server error" : error.cause instanceof ZodError ? "Invalid input" : shape.message,
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path, fieldErrors: internal ? null : fieldErrorsOf(error) },
    };
  },
});

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

/** One structured line per call, and one observation: who, what, how long, how it ended. Inputs are never logged. */
const logged = t.middleware(async ({ ctx, path, type, next }) => {
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
});

/**
 * Text that neither database can store is refused before any procedure sees it, naming the field:
 * one check at the edge for every procedure, whichever surface (tRPC or REST) called it.
 */
const storableText = t.middleware(async ({ getRawInput, next }) => {
  const field = unstorableTextPath(await getRawInput());
  if (field !== null) throw fieldError("BAD_REQUEST", field || "input", "contains a character that cannot be stored (NUL or an unpaired surrogate)");
  return next();
});

/** The database's constraint violations that reach this far become 409 or 404, not 500. */
const constraintsAnswered = t.middleware(async ({ next }) => {
  const result = await next();
  const mapped = result.ok ? null : constraintError(result.error.cause);
  if (mapped) throw mapped;
  return result;
});

/**
 * A span per call (a no-op unless the server registered a tracer provider), around all else. The
 * tracer is asked for on each call, not once at load: a provider registered later (or through
 * another build of @opentelemetry/api, CommonJS beside ESM) would otherwise never be seen.
 */
const traced = t.middleware(({ path, type, next }) =>
  trace.getTracer("@conduit/api").startActiveSpan(`${type} ${path}`, { attributes: { "rpc.system": "trpc", "rpc.method": path } }, async (span) => {
    try {
      const result = await next();
      if (!result.ok) span.setStatus({ code: SpanStatusCode.ERROR, message: result.error.code });
      return result;
    } finally {
      span.end();
    }
  }),
);

/** A mutation sent with an Idempotency-Key: every write it makes marks the key in its own transaction. */
const idempotent = t.middleware(({ ctx, type, next }) => {
  const claim = type === "mutation" ? ctx.idempotencyClaim?.() : undefined;
  return claim ? withIdempotencyKey(claim, next) : next();
});

/** Anyone may call; `ctx.getAuth()` tells who, if the procedure needs to know. */
export const publicProcedure = t.procedure.use(traced).use(logged).use(storableText).use(constraintsAnswered).use(idempotent);

/** Only a signed-in caller: 401 without a valid session. `ctx.auth` is the session and user. */
export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const auth = await ctx.getAuth();
  if (!auth) {
    const reason = ctx.token ? "is invalid or expired" : "is missing";
    throw new TRPCError({ code: "UNAUTHORIZED", message: `token ${reason}`, cause: new FieldError("token", reason) });
  }
  return next({ ctx: { auth } });
});
