import { z, type ZodError } from "zod";

/** Field-level messages for a client to show next to its inputs: `{ title: ["can't be blank"] }`. */
export type FieldErrors = Record<string, string[]>;

/** A failed parse as field messages; errors about the whole input go under `body`. */
export function zodFieldErrors(error: ZodError): FieldErrors {
  const flat = z.flattenError(error);
  const fields = Object.fromEntries(
    Object.entries(flat.fieldErrors as Record<string, string[] | undefined>).filter(([, v]) => v?.length),
  ) as FieldErrors;
  return flat.formErrors.length ? { ...fields, body: flat.formErrors } : fields;
}

/** The messages the server would answer `input` with, or null when it would accept it. */
export function inputErrors(schema: z.ZodType, input: unknown): FieldErrors | null {
  const result = schema.safeParse(input);
  return result.success ? null : zodFieldErrors(result.error);
}
