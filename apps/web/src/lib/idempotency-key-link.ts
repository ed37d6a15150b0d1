import type { TRPCLink } from "@trpc/client";
import { tap } from "@trpc/server/observable";
import type { AppRouter } from "@conduit/api";
import { createSubmissionKeys } from "./submission-keys.ts";

/** The creates a retry could duplicate; updates, deletes and toggles give the same result twice. */
const keyedMutations: ReadonlySet<string> = new Set(["articles.create", "comments.add"]);

/** Gives each create an `Idempotency-Key` in its operation context; the terminating link sends it. */
export function idempotencyKeyLink(paths: ReadonlySet<string> = keyedMutations): TRPCLink<AppRouter> {
  return () => {
    const keys = createSubmissionKeys();
    return ({ op, next }) => {
      if (op.type !== "mutation" || !paths.has(op.path)) return next(op);
      const key = keys.keyFor(op.path, op.input);
      return next({ ...op, context: { ...op.context, idempotencyKey: key } }).pipe(tap({ next: () => keys.succeeded(op.path, key) }));
    };
  };
}

export const idempotencyKeyOf = (context: Record<string, unknown>) =>
  typeof context.idempotencyKey === "string" ? context.idempotencyKey : undefined;
