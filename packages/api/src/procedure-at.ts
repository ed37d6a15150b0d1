import type { AnyRouter } from "@trpc/server";
import type { z } from "zod";
import type { ProcedureMeta } from "./init.ts";

/** What tRPC keeps of one procedure: its kind, its zod schemas and who may call it. */
export interface ProcedureFacts {
  type: "query" | "mutation" | "subscription";
  inputs: z.ZodType[];
  output?: z.ZodType;
  meta?: ProcedureMeta;
}

/**
 * Every procedure of a router by dotted path ("articles.get"). tRPC keeps them flat by path at
 * run time while its types nest them by router: this is the one place that reads them, for the
 * REST table, the OpenAPI document, the tRPC query fast path and the permission tests.
 */
export function proceduresOf(router: AnyRouter): ReadonlyMap<string, ProcedureFacts> {
  const flat = router._def.procedures as unknown as Record<string, { _def: ProcedureFacts }>;
  return new Map(Object.entries(flat).map(([path, procedure]) => [path, procedure._def]));
}

const known = new WeakMap<AnyRouter, ReadonlyMap<string, ProcedureFacts>>();

/** The procedure at a dotted path, or undefined when there is none. */
export function procedureAt(router: AnyRouter, path: string): ProcedureFacts | undefined {
  let procedures = known.get(router);
  if (!procedures) known.set(router, (procedures = proceduresOf(router)));
  return procedures.get(path);
}
