import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, useLocation, useNavigate, useSearchParams } from "react-router";
import { ProviderButtons } from "../components/provider-buttons.tsx";
import { providerRefusals } from "../lib/use-providers.ts";
import { useTRPC } from "../trpc.ts";
import { fieldErrorsOf } from "../lib/field-errors.ts";
import { ActionErrors, FieldMessages } from "../components/field-errors.tsx";
import { passkeyErrorOf, signWithPasskey } from "../lib/passkeys.ts";
import { useInputCheck } from "../lib/use-input-check.ts";
import { usePasskeyBlocker } from "../lib/use-passkey-blocker.ts";
import { PasskeyBlocked } from "../components/passkey-blocker.tsx";

/** Sign in and sign up: the server sets the session cookie; the app only refreshes "who am I". */
export function AuthPage({ mode }: { mode: "login" | "register" }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  // Set when a live stream found the session ended (signed out elsewhere, banned, password changed).
  const arrival = useLocation().state as { sessionEnded?: boolean; passwordReset?: boolean } | null;
  const ended = arrival?.sessionEnded === true;
  const [form, setForm] = useState({ username: "", email: "", password: "" });
  const login = useMutation(trpc.users.login.mutationOptions());
  const register = useMutation(trpc.users.register.mutationOptions());
  const mutation = mode === "login" ? login : register;
  const check = useInputCheck();
  const errors = check.errors ?? fieldErrorsOf(mutation.error);

  // Back from a provider: to connect it once this account signs in, or its refusal, or its second step.
  const [params] = useSearchParams();
  const connecting = params.get("connect");
  const refusal = params.get("provider-error");
  const confirmLink = useMutation(trpc.connections.confirmLink.mutationOptions());
  const signedIn = async () => {
    if (connecting) await confirmLink.mutateAsync().catch(() => undefined);
    // Everything on screen, "who am I" (with what the user's roles grant) first among it, is
    // refetched as the user the new cookie names.
    await queryClient.invalidateQueries();
    await navigate(connecting ? "/settings" : "/");
  };
  // A sign-in of an account with a second factor (by password here, or through a provider): the
  // cookie holds a session good for the second step only, which asks for the code.
  if (mode === "login" && (fieldErrorsOf(login.error).otp?.includes("required") || params.get("second-factor")))
    return <SecondStep onDone={signedIn} />;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const credentials = { email: form.email, password: form.password };
    if (!(await (mode === "login" ? check.passes((v) => v.loginInput, credentials) : check.passes((v) => v.registerInput, form)))) return;
    try {
      await (mode === "login" ? login.mutateAsync(credentials) : register.mutateAsync(form));
      await signedIn();
    } catch {
      // shown from mutation.error
    }
  };
  const field = (name: keyof typeof form, label: string, type = "text") => (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <input
        id={name}
        name={name}
        type={type}
        value={form[name]}
        aria-invalid={Boolean(errors[name])}
        aria-describedby={errors[name] ? `${name}-errors` : undefined}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
      />
      <FieldMessages errors={errors} field={name} />
    </div>
  );
  return (
    <div className="auth-page narrow">
      <h1>{mode === "login" ? "Sign in" : "Sign up"}</h1>
      <p>{mode === "login" ? <Link to="/register">Need an account?</Link> : <Link to="/login">Have an account?</Link>}</p>
      {ended && !mutation.error && <p role="status">Your session has ended. Sign in again.</p>}
      {arrival?.passwordReset && !mutation.error && (
        <p role="status">Your password is changed, and every session was signed out. Sign in with it.</p>
      )}
      {connecting && <p role="status">Sign in to the account that uses this address to connect it to {connecting}.</p>}
      {refusal && (
        <p className="error-messages" role="alert">
          {providerRefusals[refusal] ?? "The provider sign-in failed."}
        </p>
      )}
      <FieldMessages errors={errors} field="credentials" />
      <FieldMessages errors={errors} field="account" />
      <FieldMessages errors={errors} field="form" />
      <form onSubmit={(e) => void submit(e)} onFocus={check.prepare} noValidate>
        {mode === "register" && field("username", "Username")}
        {field("email", "Email", "email")}
        {field("password", "Password", "password")}
        <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
          {mode === "login" ? "Sign in" : "Sign up"}
        </button>
        {mode === "login" && (
          <p>
            <Link to="/forgot-password">Forgot your password?</Link>
          </p>
        )}
      </form>
      {mode === "login" && <PasskeySignIn onDone={signedIn} />}
      <ProviderButtons verb={mode === "login" ? "Sign in" : "Sign up"} />
    </div>
  );
}

/** The second step: a code from the authenticator app, or a recovery code. */
function SecondStep({ onDone }: { onDone: () => Promise<void> }) {
  const trpc = useTRPC();
  const [otp, setOtp] = useState("");
  const complete = useMutation(trpc.security.completeSignIn.mutationOptions());
  const check = useInputCheck();
  const errors = check.errors ?? fieldErrorsOf(complete.error);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!(await check.passes((v) => v.secondFactorInput, { otp }))) return;
    try {
      await complete.mutateAsync({ otp });
      await onDone();
    } catch {
      // shown from complete.error
    }
  };
  return (
    <div className="auth-page narrow">
      <h1>Two-factor sign-in</h1>
      <form onSubmit={(e) => void submit(e)} onFocus={check.prepare} noValidate>
        <div className="field">
          <label htmlFor="otp">Code from your authenticator app, or a recovery code</label>
          <input
            id="otp"
            autoComplete="one-time-code"
            value={otp}
            aria-invalid={Boolean(errors.otp)}
            onChange={(e) => setOtp(e.target.value)}
          />
          <FieldMessages errors={errors} field="otp" />
          <FieldMessages errors={errors} field="form" />
        </div>
        <button type="submit" className="btn btn-primary" disabled={complete.isPending}>
          Continue
        </button>
      </form>
    </div>
  );
}

/** "Sign in with a passkey": the device picks the account (discoverable credentials) and verifies its user. */
function PasskeySignIn({ onDone }: { onDone: () => Promise<void> }) {
  const trpc = useTRPC();
  const options = useMutation(trpc.passkeys.signInOptions.mutationOptions());
  const signIn = useMutation(trpc.passkeys.signIn.mutationOptions());
  const [deviceError, setDeviceError] = useState<string | null>(null);
  const blocker = usePasskeyBlocker();
  if (blocker === undefined) return null;
  if (blocker) return <PasskeyBlocked blocker={blocker} />;
  const start = async () => {
    setDeviceError(null);
    try {
      const response = await signWithPasskey(await options.mutateAsync());
      await signIn.mutateAsync({ response });
      await onDone();
    } catch (error) {
      setDeviceError(passkeyErrorOf(error));
    }
  };
  return (
    <div className="passkey-sign-in">
      <button type="button" className="btn btn-outline" onClick={() => void start()} disabled={signIn.isPending}>
        Sign in with a passkey
      </button>
      {deviceError && <p role="alert">{deviceError}</p>}
      <ActionErrors error={options.error ?? signIn.error} />
    </div>
  );
}
