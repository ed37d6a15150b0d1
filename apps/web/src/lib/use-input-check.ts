import { useState } from "react";
import type { z } from "zod";
import type { FieldErrors } from "@conduit/validators";
import type * as ValidatorsModule from "@conduit/validators";

type Validators = typeof ValidatorsModule;

// The rules are zod schemas, and zod is most of a form page's code: it loads when a form is
// first touched (`prepare`) or submitted, not with the page.
const loadValidators = () => import("@conduit/validators");

/**
 * Checks a form's input in the browser with the API's own schema before it is sent: the same
 * rules and the same messages as the server's answer, without the round trip. The server still
 * validates everything. `errors` is null until a check fails.
 */
export function useInputCheck() {
  const [errors, setErrors] = useState<FieldErrors | null>(null);
  return {
    errors,
    /** Starts loading the rules, so that they are there by the time the form is sent. */
    prepare() {
      void loadValidators();
    },
    /** True when `input` would be accepted by the schema `pick` names; otherwise its messages are in `errors`. */
    async passes(pick: (validators: Validators) => z.ZodType, input: unknown): Promise<boolean> {
      const validators = await loadValidators();
      const found = validators.inputErrors(pick(validators), input);
      setErrors(found);
      return found === null;
    },
  };
}
