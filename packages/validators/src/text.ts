import { z } from "zod";

/** A required text field: trimmed, not empty ("can't be blank", as RealWorld words it), bounded. */
export const requiredText = (max: number) =>
  z.string().trim().min(1, { message: "can't be blank", abort: true }).max(max, `is too long (maximum is ${max} characters)`);

/** An optional profile text where "" means "none" (RealWorld stores empty bio/image as null). */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `is too long (maximum is ${max} characters)`)
    .nullable()
    .transform((v) => (v ? v : null));
