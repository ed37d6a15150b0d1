import { useEffect, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import { useTRPC } from "../trpc.ts";
import { fieldErrorsOf } from "../lib/field-errors.ts";
import { useInputCheck } from "../lib/use-input-check.ts";
import { FieldMessages } from "../components/field-errors.tsx";

/** The token from the link, read once: the address bar (and so history and any referrer) loses it at once. */
function useTokenFromAddress(): string {
  const [token] = useState(() => new URLSearchParams(window.location.search).get("token") ?? "");
  useEffect(() => {
    if (window.location.search) window.history.replaceState(null, "", window.location.pathname);
  }, []);
  return token;
}

/** Chooses a new password with a reset link; every session of the account ends. */
export function ResetPasswordPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const token = useTokenFromAddress();
  const [password, setPassword] = useState("");
  const [otp, setOtp] = useState("");
  const reset = useMutation(trpc.account.resetPassword.mutationOptions());
  const check = useInputCheck();
  const errors = check.errors ?? fieldErrorsOf(reset.error);
  // An account with two-factor sign-in: the server asks for its second factor before it takes the
  // new password (the link alone must not take the account over). Once asked, the field stays.
  const [asksSecondFactor, setAsksSecondFactor] = useState(false);
  if (!asksSecondFactor && errors.otp?.includes("required")) setAsksSecondFactor(true);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const input = asksSecondFactor ? { token, password, otp } : { token, password };
    if (!(await check.passes((v) => v.resetPasswordInput, input))) return;
    try {
      await reset.mutateAsync(input);
      await queryClient.resetQueries();
      await navigate("/login", { state: { passwordReset: true } });
    } catch {
      // shown from reset.error
    }
  };
  return (
    <div className="narrow">
      <h1>Choose a new password</h1>
      {errors.token && (
        <p className="error-messages" role="alert">
          This link is used, expired or not whole. <Link to="/forgot-password">Ask for a new link</Link>.
        </p>
      )}
      <form onSubmit={(e) => void submit(e)} onFocus={check.prepare} noValidate>
        <div className="field">
          <label htmlFor="password">New password</label>
          <input
            id="password"
            type="password"
            autoComplete="new-password"
            value={password}
            aria-invalid={Boolean(errors.password)}
            onChange={(e) => setPassword(e.target.value)}
          />
          <FieldMessages errors={errors} field="password" />
        </div>
        {asksSecondFactor && (
          <div className="field">
            <label htmlFor="otp">Code from your authenticator app, or a recovery code</label>
            <p className="hint" id="otp-hint">
              This account has two-factor sign-in: the link alone does not change its password.
            </p>
            <input
              id="otp"
              autoComplete="one-time-code"
              value={otp}
              aria-invalid={Boolean(errors.otp) && !errors.otp?.includes("required")}
              aria-describedby="otp-hint"
              onChange={(e) => setOtp(e.target.value)}
              autoFocus
            />
            {!errors.otp?.includes("required") && <FieldMessages errors={errors} field="otp" />}
          </div>
        )}
        <FieldMessages errors={errors} field="form" />
        <button type="submit" className="btn btn-primary" disabled={reset.isPending}>
          Set new password
        </button>
      </form>
    </div>
  );
}
