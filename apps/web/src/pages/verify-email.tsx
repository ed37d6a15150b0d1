import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Navigate } from "react-router";
import { useTRPC } from "../trpc.ts";
import { useCurrentUser } from "../lib/use-current-user.ts";
import { fieldErrorsOf } from "../lib/field-errors.ts";
import { useInputCheck } from "../lib/use-input-check.ts";
import { FieldMessages } from "../components/field-errors.tsx";
import { Loading } from "../components/states.tsx";

/** Enter the 8-digit code mailed at sign-up (or a new one, on request) to prove the address. */
export function VerifyEmailPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { user, isLoading } = useCurrentUser();
  const [code, setCode] = useState("");
  const verify = useMutation(trpc.account.verifyEmail.mutationOptions());
  const resend = useMutation(trpc.account.sendVerificationCode.mutationOptions());
  const check = useInputCheck();
  const errors = check.errors ?? fieldErrorsOf(verify.error ?? resend.error);
  if (isLoading) return <Loading what="your account" />;
  if (!user) return <Navigate to="/login" replace />;
  if (user.emailVerified) return <p className="state">{user.email} is verified. Thank you.</p>;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!(await check.passes((v) => v.verifyEmailInput, { code }))) return;
    try {
      await verify.mutateAsync({ code });
      await queryClient.invalidateQueries({ queryKey: trpc.users.whoami.queryKey() });
    } catch {
      // shown from verify.error
    }
  };
  return (
    <div className="narrow">
      <h1>Verify your email</h1>
      <p>We sent an 8-digit code to {user.email}. It works for 15 minutes.</p>
      <form onSubmit={(e) => void submit(e)} onFocus={check.prepare} noValidate>
        <div className="field">
          <label htmlFor="code">Code from the mail</label>
          <input
            id="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            value={code}
            aria-invalid={Boolean(errors.code)}
            onChange={(e) => setCode(e.target.value)}
          />
          <FieldMessages errors={errors} field="code" />
          <FieldMessages errors={errors} field="email" />
          <FieldMessages errors={errors} field="form" />
        </div>
        <button type="submit" className="btn btn-primary" disabled={verify.isPending}>
          Verify
        </button>{" "}
        <button type="button" className="btn btn-outline" disabled={resend.isPending} onClick={() => resend.mutate()}>
          Send a new code
        </button>
        {resend.isSuccess && <p role="status">A new code is on its way; the last one no longer works.</p>}
      </form>
    </div>
  );
}
