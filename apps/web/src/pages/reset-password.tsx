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
  const reset = useMutation(trpc.account.resetPassword.mutationOptions());
  const check = useInputCheck();
  const errors = check.errors ?? fieldErrorsOf(reset.error);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!(await check.passes((v) => v.resetPasswordInput, { token, password }))) return;
    try {
      await reset.mutateAsync({ token, password });
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
          <FieldMessages errors={errors} field="form" />
        </div>
        <button type="submit" className="btn btn-primary" disabled={reset.isPending}>
          Set new password
        </button>
      </form>
    </div>
  );
}
