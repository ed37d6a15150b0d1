import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { useTRPC } from "../trpc.ts";
import { fieldErrorsOf } from "../lib/field-errors.ts";
import { useInputCheck } from "../lib/use-input-check.ts";
import { FieldMessages } from "./field-errors.tsx";

/**
 * The account's address, and changing it: the password first (a re-authentication the server
 * keeps for 10 minutes), then a code sent to the new address, which becomes the account's only
 * once the code comes back.
 */
export function EmailSettings({ email, verified }: { email: string; verified: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ email: "", password: "", code: "" });
  const [step, setStep] = useState<"idle" | "code" | "done">("idle");
  const reauthenticate = useMutation(trpc.account.reauthenticate.mutationOptions());
  const change = useMutation(trpc.account.changeEmail.mutationOptions());
  const confirm = useMutation(trpc.account.confirmEmailChange.mutationOptions());
  const check = useInputCheck();
  const errors = check.errors ?? fieldErrorsOf(reauthenticate.error ?? change.error ?? confirm.error);

  const start = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!(await check.passes((v) => v.changeEmailInput, { email: form.email }))) return;
    if (!(await check.passes((v) => v.reauthenticateInput, { password: form.password }))) return;
    try {
      await reauthenticate.mutateAsync({ password: form.password });
      await change.mutateAsync({ email: form.email });
      setStep("code");
    } catch {
      // shown from the mutation's error
    }
  };
  const finish = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!(await check.passes((v) => v.verifyEmailInput, { code: form.code }))) return;
    try {
      await confirm.mutateAsync({ code: form.code });
      await queryClient.invalidateQueries({ queryKey: trpc.users.whoami.queryKey() });
      setStep("done");
      setForm({ email: "", password: "", code: "" });
    } catch {
      // shown from confirm.error
    }
  };
  const field = (name: keyof typeof form, label: string, type: string) => (
    <div className="field">
      <label htmlFor={`change-${name}`}>{label}</label>
      <input
        id={`change-${name}`}
        type={type}
        value={form[name]}
        autoComplete={name === "code" ? "one-time-code" : undefined}
        aria-invalid={Boolean(errors[name])}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
      />
      <FieldMessages errors={errors} field={name} />
    </div>
  );
  return (
    <section aria-label="Email address">
      <h2>Email address</h2>
      <p>
        {email} · {verified ? "verified" : <Link to="/verify-email">not verified yet: verify it</Link>}
      </p>
      {step === "done" && <p role="status">Your address is changed.</p>}
      {step === "code" ? (
        <form onSubmit={(e) => void finish(e)} onFocus={check.prepare} noValidate>
          <p role="status">We sent a code to {form.email}. Enter it to make it your address.</p>
          {field("code", "Code from the mail", "text")}
          <FieldMessages errors={errors} field="form" />
          <button type="submit" className="btn btn-primary" disabled={confirm.isPending}>
            Confirm new address
          </button>
        </form>
      ) : (
        <form onSubmit={(e) => void start(e)} onFocus={check.prepare} noValidate>
          {field("email", "New email address", "email")}
          {field("password", "Your password, to confirm it is you", "password")}
          <FieldMessages errors={errors} field="form" />
          <button type="submit" className="btn btn-outline" disabled={reauthenticate.isPending || change.isPending}>
            Change email
          </button>
        </form>
      )}
    </section>
  );
}
