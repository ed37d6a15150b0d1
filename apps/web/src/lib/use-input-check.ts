import { useState } from "react";
import type { z } from "zod";
import { inputErrors, type FieldErrors } from "@conduit/validators";

/**
 * Checks a form's input in the browser with the API's own schema before it is sent: the same
 * rules and the same messages as the server's answer, without the round trip. The server still
 * validates everything. `errors` is null until a check fails.
 */
export function useInputCheck() {
  const [errors, setErrors] = useState<FieldErrors | null>(null);
  return {
    errors,
    /** True when `input` would be accepted; otherwise its messages are in `errors`. */
    passes(schema: z.ZodType, input: unknown): boolean {
      const found = inputErrors(schema, input);
      setErrors(found);
      return found === null;
    },
  };
}
