import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../trpc.ts";
import { fieldErrorsOf } from "../lib/field-errors.ts";
import { useInputCheck } from "../lib/use-input-check.ts";
import { FieldMessages } from "../components/field-errors.tsx";

/** Asks for a reset link; says the same whether or not an account has the address. */
export function ForgotPasswordPage() {
  const trpc = useTRPC();
  const [email, setEmail] = useState("");
  const request = useMutation(trpc.account.requestPasswordReset.mutationOptions());
  const check = useInputCheck();
  const errors = check.errors ?? fieldErrorsOf(request.error);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!(await check.passes((v) => v.requestPasswordResetInput, { email }))) return;
    request.mutate({ email });
  };
  return (
    <div className="narrow">
      <h1>Forgot your password?</h1>
      {request.isSuccess ? (
        <p role="status">If an account uses {email}, a link to choose a new password is on its way. It works once, for an hour.</p>
      ) : (
        <form onSubmit={(e) => void submit(e)} onFocus={check.prepare} noValidate>
          <div className="field">
            <label htmlFor="email">Email</label>
            <input id="email" type="email" value={email} aria-invalid={Boolean(errors.email)} onChange={(e) => setEmail(e.target.value)} />
            <FieldMessages errors={errors} field="email" />
            <FieldMessages errors={errors} field="form" />
          </div>
          <button type="submit" className="btn btn-primary" disabled={request.isPending}>
            Send me a link
          </button>
        </form>
      )}
    </div>
  );
}
