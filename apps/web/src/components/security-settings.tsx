import { useEffect, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc.ts";
import { fieldErrorsOf } from "../lib/field-errors.ts";
import { createPasskey, passkeyErrorOf } from "../lib/passkeys.ts";
import { useInputCheck } from "../lib/use-input-check.ts";
import { ActionErrors, FieldMessages } from "./field-errors.tsx";
import { Loading } from "./states.tsx";
import { usePasskeyBlocker } from "../lib/use-passkey-blocker.ts";
import { PasskeyBlocked } from "./passkey-blocker.tsx";

/**
 * Two-factor sign-in (TOTP with recovery codes) and passkeys. Every change here needs the
 * password confirmed first (the server keeps that for 10 minutes, and checks it on every call).
 */
export function SecuritySettings() {
  const trpc = useTRPC();
  const [confirmed, setConfirmed] = useState(false);
  const status = useQuery(trpc.security.status.queryOptions());
  return (
    <section aria-label="Security">
      <h2>Security</h2>
      {status.isLoading ? (
        <Loading what="your security settings" />
      ) : (
        <>
          <p>
            Two-factor sign-in is <strong>{status.data?.totp ? "on" : "off"}</strong>
            {status.data?.totp && `; ${status.data.recoveryCodesLeft} recovery codes left`}.
          </p>
          <PasskeyList confirmed={confirmed} />
          {confirmed ? (
            <Controls totp={Boolean(status.data?.totp)} onExpired={() => setConfirmed(false)} />
          ) : (
            <Reauthenticate onDone={() => setConfirmed(true)} />
          )}
        </>
      )}
    </section>
  );
}

function Reauthenticate({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const [password, setPassword] = useState("");
  const reauthenticate = useMutation(trpc.account.reauthenticate.mutationOptions({ onSuccess: onDone }));
  const errors = fieldErrorsOf(reauthenticate.error);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        reauthenticate.mutate({ password });
      }}
    >
      <div className="field">
        <label htmlFor="security-password">Confirm your password to change these</label>
        <input id="security-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} />
        <FieldMessages errors={errors} field="password" />
        <FieldMessages errors={errors} field="form" />
      </div>
      <button type="submit" className="btn btn-outline" disabled={reauthenticate.isPending}>
        Confirm password
      </button>
    </form>
  );
}

/** After the password: TOTP on or off, new recovery codes, a new passkey. */
function Controls({ totp, onExpired }: { totp: boolean; onExpired: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.security.status.queryKey() });
  const [codes, setCodes] = useState<string[] | null>(null);
  const setup = useMutation(trpc.security.totpSetup.mutationOptions());
  const disable = useMutation(trpc.security.totpDisable.mutationOptions({ onSuccess: refresh }));
  const regenerate = useMutation(trpc.security.regenerateRecoveryCodes.mutationOptions({ onSuccess: (r) => setCodes(r.recoveryCodes) }));
  const failed = [setup.error, disable.error, regenerate.error].find(Boolean);
  // The server forgot the password confirmation (10 minutes): ask for it again.
  useEffect(() => {
    if (failed && fieldErrorsOf(failed).password) onExpired();
  }, [failed, onExpired]);
  return (
    <div className="security-controls">
      {codes && <RecoveryCodes codes={codes} />}
      {!totp && !setup.data && (
        <button type="button" className="btn btn-primary" onClick={() => setup.mutate()}>
          Turn on two-factor sign-in
        </button>
      )}
      {!totp && setup.data && <TotpSetup setup={setup.data} onEnabled={(c) => (setCodes(c), refresh())} />}
      {totp && (
        <>
          <button type="button" className="btn btn-outline" onClick={() => regenerate.mutate()}>
            Make new recovery codes
          </button>{" "}
          <button type="button" className="btn btn-danger-outline" onClick={() => disable.mutate()}>
            Turn off two-factor sign-in
          </button>
        </>
      )}
      <AddPasskey />
      <ActionErrors error={failed} />
    </div>
  );
}

function TotpSetup({ setup, onEnabled }: { setup: { key: string; qrSvg: string }; onEnabled: (codes: string[]) => void }) {
  const trpc = useTRPC();
  const [code, setCode] = useState("");
  const enable = useMutation(trpc.security.totpEnable.mutationOptions({ onSuccess: (r) => onEnabled(r.recoveryCodes) }));
  const check = useInputCheck();
  const errors = check.errors ?? fieldErrorsOf(enable.error);
  return (
    <form
      onFocus={check.prepare}
      onSubmit={(e) => {
        e.preventDefault();
        void check.passes((v) => v.totpCodeInput, { code }).then((ok) => ok && enable.mutate({ code }));
      }}
      noValidate
    >
      <p>Scan this with your authenticator app, or type the key into it.</p>
      {/* The server made this SVG from the otpauth URI alone: no user input reaches it. */}
      <div className="qr" role="img" aria-label="QR code of the key" dangerouslySetInnerHTML={{ __html: setup.qrSvg }} />
      <p>
        Key: <code data-testid="totp-key">{setup.key}</code>
      </p>
      <div className="field">
        <label htmlFor="totp-code">The 6-digit code your app shows now</label>
        <input id="totp-code" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} />
        <FieldMessages errors={errors} field="code" />
        <FieldMessages errors={errors} field="totp" />
      </div>
      <button type="submit" className="btn btn-primary" disabled={enable.isPending}>
        Turn on
      </button>
    </form>
  );
}

function RecoveryCodes({ codes }: { codes: string[] }) {
  const download = `data:text/plain;charset=utf-8,${encodeURIComponent(`Conduit recovery codes (each works once)\n\n${codes.join("\n")}\n`)}`;
  return (
    <div className="notice" role="status" aria-label="Recovery codes">
      <p>Keep these recovery codes somewhere safe: each signs you in once if you lose your authenticator. They are shown only now.</p>
      <ul className="recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <a href={download} download="conduit-recovery-codes.txt">
        Download them as text
      </a>
    </div>
  );
}

function AddPasskey() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [deviceError, setDeviceError] = useState<string | null>(null);
  const options = useMutation(trpc.passkeys.registrationOptions.mutationOptions());
  const register = useMutation(
    trpc.passkeys.register.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.passkeys.list.queryKey() }),
    }),
  );
  const add = async (event: React.FormEvent) => {
    event.preventDefault();
    setDeviceError(null);
    try {
      const response = await createPasskey(await options.mutateAsync());
      await register.mutateAsync({ response, name });
      setName("");
    } catch (error) {
      setDeviceError(passkeyErrorOf(error));
    }
  };
  const blocker = usePasskeyBlocker();
  if (blocker === undefined) return null;
  if (blocker) return <PasskeyBlocked blocker={blocker} />;
  return (
    <form onSubmit={(e) => void add(e)}>
      <div className="field">
        <label htmlFor="passkey-name">Name for a new passkey</label>
        <input id="passkey-name" value={name} maxLength={60} onChange={(e) => setName(e.target.value)} />
      </div>
      <button type="submit" className="btn btn-outline" disabled={!name.trim() || register.isPending}>
        Add a passkey
      </button>
      {deviceError && <p role="alert">{deviceError}</p>}
      <ActionErrors error={options.error ?? register.error} />
    </form>
  );
}

function PasskeyList({ confirmed }: { confirmed: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const passkeys = useQuery(trpc.passkeys.list.queryOptions());
  const onSuccess = () => void queryClient.invalidateQueries({ queryKey: trpc.passkeys.list.queryKey() });
  const remove = useMutation(trpc.passkeys.remove.mutationOptions({ onSuccess }));
  const rename = useMutation(trpc.passkeys.rename.mutationOptions({ onSuccess }));
  if (!passkeys.data?.length) return <p>No passkeys yet.</p>;
  return (
    <>
      <ul aria-label="Passkeys">
        {passkeys.data.map((p) => (
          <li key={p.id}>
            {p.name}, added {new Date(p.createdAt).toLocaleDateString()}
            {p.lastUsedAt && `, last used ${new Date(p.lastUsedAt).toLocaleString()}`}{" "}
            <button
              type="button"
              className="btn btn-link"
              onClick={() => {
                const name = window.prompt("New name for this passkey", p.name);
                if (name) rename.mutate({ id: p.id, name });
              }}
            >
              Rename
            </button>
            {confirmed && (
              <button type="button" className="btn btn-link" onClick={() => remove.mutate({ id: p.id })}>
                Remove {p.name}
              </button>
            )}
          </li>
        ))}
      </ul>
      <ActionErrors error={remove.error ?? rename.error} />
    </>
  );
}
