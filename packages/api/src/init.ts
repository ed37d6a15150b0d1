import { initTRPC } from "@trpc/server";
import { ZodError } from "zod";
import type { Context } from "./context.ts";
import type { Declaration } from "./permissions/permission.ts";
import { fieldErrorsOf } from "./shared/field-errors-of.ts";
import { FieldError } from "./shared/field-error.ts";

/** The one tRPC instance: middleware files build on it, trpc.ts stacks them into procedure builders. */
/** What every procedure declares: who may call it (see permissions/permission.ts). */
export interface ProcedureMeta {
  permission: Declaration;
}

export const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
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
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          fieldErrors: internal ? null : fieldErrorsOf(error),
          // The refusal's name in its feature's error table, for a client to word (null: none).
          errorCode: !internal && error.cause instanceof FieldError ? error.cause.errorCode : null,
        },
      };
    },
  });
