import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../trpc.ts";
import { fieldErrorsOf } from "../lib/field-errors.ts";
import { useInputCheck } from "../lib/use-input-check.ts";
import { FieldMessages } from "./field-errors.tsx";

/** A new password, given the current one; the server signs every other session out. */
export function PasswordSettings() {
  const trpc = useTRPC();
  const [form, setForm] = useState({ currentPassword: "", newPassword: "" });
  const [saved, setSaved] = useState(false);
  const change = useMutation(trpc.account.changePassword.mutationOptions());
  const check = useInputCheck();
  const errors = check.errors ?? fieldErrorsOf(change.error);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setSaved(false);
    if (!(await check.passes((v) => v.changePasswordInput, form))) return;
    try {
      await change.mutateAsync(form);
      setForm({ currentPassword: "", newPassword: "" });
      setSaved(true);
    } catch {
      // shown from change.error
    }
  };
  const field = (name: keyof typeof form, label: string) => (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <input
        id={name}
        type="password"
        value={form[name]}
        autoComplete={name === "newPassword" ? "new-password" : "current-password"}
        aria-invalid={Boolean(errors[name])}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
      />
      <FieldMessages errors={errors} field={name} />
    </div>
  );
  return (
    <section aria-label="Password">
      <h2>Password</h2>
      <form onSubmit={(e) => void submit(e)} onFocus={check.prepare} noValidate>
        {field("currentPassword", "Current password")}
        {field("newPassword", "New password")}
        <FieldMessages errors={errors} field="password" />
        <FieldMessages errors={errors} field="form" />
        <button type="submit" className="btn btn-outline" disabled={change.isPending}>
          Change password
        </button>
        {saved && <p role="status">Password changed. Your other sessions were signed out.</p>}
      </form>
    </section>
  );
}
