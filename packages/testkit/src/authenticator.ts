import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";

/**
 * What an authenticator app shows for a TOTP key as the setup page prints it (base32, grouped),
 * `steps` 30-second steps from now: the tests' phone.
 */
export function authenticatorCode(key: string, steps = 0): string {
  const secret = decodeBase32IgnorePadding(key.replace(/ /g, ""));
  return generateHOTP(secret, BigInt(Math.floor(Date.now() / 30_000) + steps), 6);
}
