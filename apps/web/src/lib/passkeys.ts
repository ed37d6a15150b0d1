import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";

// The WebAuthn helpers load when a passkey is first used, not with the page.
const browser = () => import("@simplewebauthn/browser");

/** Asks the device to make a passkey for these options (from passkeys.registrationOptions). */
export async function createPasskey(options: Record<string, unknown>) {
  const { startRegistration } = await browser();
  return startRegistration({ optionsJSON: options as unknown as PublicKeyCredentialCreationOptionsJSON });
}

/** Asks the device to sign with one of its passkeys for these options (from passkeys.signInOptions). */
export async function signWithPasskey(options: Record<string, unknown>) {
  const { startAuthentication } = await browser();
  return startAuthentication({ optionsJSON: options as unknown as PublicKeyCredentialRequestOptionsJSON });
}

/** The browser's own refusal (the user cancelled, no passkey here) in words. */
export function passkeyErrorOf(error: unknown): string | null {
  if (!error || !(error instanceof Error) || "data" in error) return null;
  return error.name === "NotAllowedError" ? "The passkey request was cancelled or timed out." : error.message;
}
