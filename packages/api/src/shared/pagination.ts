import { z } from "zod";

const maxPageSize = 100;

/** limit/offset for every list: bounded, so no request can ask for the whole table. */
export const pageInput = {
  limit: z.coerce.number().int().min(1).max(maxPageSize).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};
