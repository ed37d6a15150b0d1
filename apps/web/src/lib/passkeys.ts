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
  if (error.name === "NotAllowedError") return "The passkey request was cancelled or timed out.";
  if (error.name === "SecurityError") return "This browser refused passkeys for this address.";
  return error.message;
}

/** Why passkeys cannot work on this page, in words, with where they do; null when they can. */
export function passkeyBlocker(
  relyingOrigin: string,
  page: { href: string; hasWebAuthn: boolean },
): { message: string; href?: string } | null {
  if (!page.hasWebAuthn) return { message: "This browser cannot use passkeys here." };
  const here = new URL(page.href);
  const relying = new URL(relyingOrigin);
  // An IP address (127.0.0.1, [::1]) is never a relying party, wherever the page is.
  if (/^[\d.]+$|^\[/.test(relying.hostname))
    return { message: "Passkeys need this server to go by a name (such as localhost), not by the IP address in its PUBLIC_URL." };
  if (here.origin === relying.origin) return null;
  // Browsers tie a passkey to one site name, and never to an IP address such as 127.0.0.1. The
  // link keeps the relying party's origin whatever the path holds (`//elsewhere` is a path here).
  const there = new URL(relying.origin);
  there.pathname = here.pathname;
  there.search = here.search;
  return { message: `Passkeys work on this server at ${there.host} only.`, href: there.toString() };
}
