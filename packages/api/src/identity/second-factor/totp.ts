import { createTOTPKeyURI, generateHOTP } from "@oslojs/otp";
import { encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { renderSVG } from "uqr";

/** RFC 6238 as authenticator apps expect it: HMAC-SHA-1, 6 digits, 30-second steps. */
const periodSeconds = 30;
const digits = 6;
/** A 160-bit secret (RFC 4226's recommendation). */
const secretBytes = 20;

export function newTotpSecret(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(secretBytes));
}

/** What the setup page shows: the key as text (grouped for typing), the otpauth URI and its QR code. */
export function totpSetupOf(secret: Uint8Array, accountName: string) {
  const uri = createTOTPKeyURI("Conduit", accountName, secret, periodSeconds, digits);
  const key = encodeBase32UpperCaseNoPadding(secret)
    .replace(/(.{4})/g, "$1 ")
    .trim();
  return { key, uri, qrSvg: renderSVG(uri, { pixelSize: 4 }) };
}

/** The time step of `at`. */
function stepOf(at: Date): number {
  return Math.floor(at.getTime() / 1000 / periodSeconds);
}

/**
 * The step whose code `code` is, within one step either side of now (a clock a little off, a code
 * typed as it changed), or null. The caller accepts it only if it is later than the last one used.
 */
export function matchingStep(secret: Uint8Array, code: string, at: Date): number | null {
  const now = stepOf(at);
  for (const step of [now - 1, now, now + 1]) if (generateHOTP(secret, BigInt(step), digits) === code) return step;
  return null;
}

/** The code for a step: the tests' authenticator app. */
export function totpCodeAt(secret: Uint8Array, at: Date): string {
  return generateHOTP(secret, BigInt(stepOf(at)), digits);
}
