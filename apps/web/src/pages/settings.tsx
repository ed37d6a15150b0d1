import { useEffect, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Navigate, useNavigate } from "react-router";
import { useTRPC } from "../trpc.ts";
import { useCurrentUser } from "../lib/use-current-user.ts";
import { fieldErrorsOf } from "../lib/field-errors.ts";
import { FieldMessages } from "../components/field-errors.tsx";
import { useInputCheck } from "../lib/use-input-check.ts";
import { Loading } from "../components/states.tsx";
import { EmailSettings } from "../components/email-settings.tsx";
import { PasswordSettings } from "../components/password-settings.tsx";
import { SessionList } from "../components/session-list.tsx";
import { SecuritySettings } from "../components/security-settings.tsx";
import { ConnectionSettings } from "../components/connection-settings.tsx";

export function SettingsPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { user, isLoading } = useCurrentUser();
  const [form, setForm] = useState({ image: "", username: "", bio: "" });
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (user) setForm({ image: user.image ?? "", username: user.username, bio: user.bio ?? "" });
  }, [user]);
  const update = useMutation(trpc.users.update.mutationOptions());
  const logout = useMutation(trpc.users.logout.mutationOptions());
  const logoutEverywhere = useMutation(trpc.users.logoutEverywhere.mutationOptions());
  const check = useInputCheck();
  const errors = check.errors ?? fieldErrorsOf(update.error);

  if (isLoading) return <Loading what="your settings" />;
  if (!user) return <Navigate to="/login" replace />;

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const { image, bio, ...rest } = form;
    const changes = { ...rest, image: image || null, bio: bio || null };
    if (!(await check.passes((v) => v.updateUserInput, changes))) return;
    try {
      const updated = await update.mutateAsync(changes);
      queryClient.setQueryData(trpc.users.whoami.queryKey(), (old) => old && { ...old, ...updated });
      setSaved(true);
    } catch {
      // shown from update.error
    }
  };
  const signOut = async (everywhere: boolean) => {
    await (everywhere ? logoutEverywhere : logout).mutateAsync();
    // Refetch what is on screen as the signed-out visitor the cookie no longer vouches for.
    await queryClient.resetQueries();
    await navigate("/");
  };
  const input = (name: keyof typeof form, label: string, type = "text") => (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      {name === "bio" ? (
        <textarea id={name} rows={5} value={form[name]} onChange={(e) => setForm({ ...form, [name]: e.target.value })} />
      ) : (
        <input
          id={name}
          type={type}
          value={form[name]}
          aria-invalid={Boolean(errors[name])}
          onChange={(e) => setForm({ ...form, [name]: e.target.value })}
        />
      )}
      <FieldMessages errors={errors} field={name} />
    </div>
  );
  return (
    <div className="settings-page narrow">
      <h1>Your Settings</h1>
      <FieldMessages errors={errors} field="form" />
      <form onSubmit={(e) => void save(e)} onFocus={check.prepare} noValidate>
        {input("image", "URL of profile picture", "url")}
        {input("username", "Username")}
        {input("bio", "Short bio about you")}
        <button type="submit" className="btn btn-primary" disabled={update.isPending}>
          Update Settings
        </button>
        {saved && <p role="status">Saved.</p>}
      </form>
      <hr />
      <EmailSettings email={user.email} verified={user.emailVerified} />
      <hr />
      <PasswordSettings />
      <hr />
      <SecuritySettings />
      <ConnectionSettings />
      <hr />
      <SessionList />
      <hr />
      <button type="button" className="btn btn-danger-outline" onClick={() => void signOut(false)}>
        Or click here to logout.
      </button>{" "}
      <button type="button" className="btn btn-danger-outline" onClick={() => void signOut(true)}>
        Log out everywhere
      </button>
    </div>
  );
}
