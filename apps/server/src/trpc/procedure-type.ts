import type { AnyRouter } from "@trpc/server";

/**
 * The kind of procedure at a dotted path ("articles.get"), or undefined when there is none.
 * tRPC keeps its procedures by dotted path at run time; its types nest them by router, so this
 * is the one place that reads them untyped.
 */
export function procedureTypeAt(router: AnyRouter, path: string): string | undefined {
  const procedures = router._def.procedures as unknown as Record<string, { _def: { type: string } } | undefined>;
  return procedures[path]?._def.type;
}
