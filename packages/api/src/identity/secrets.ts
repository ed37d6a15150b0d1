import { randomInt } from "node:crypto";
import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";

/** An emailed code: 8 digits from the CSPRNG (the Copenhagen Book's minimum), leading zeros kept. */
export function newEmailCode(): string {
  return String(randomInt(0, 100_000_000)).padStart(8, "0");
}

/** A reset link's token: 160 random bits (the Copenhagen Book asks for at least 112), base32. */
export function newResetToken(): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
}

/** What is stored of a code or token: its SHA-256, hex. */
export function hashSecret(secret: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(secret)));
}

/** Whether `secret` hashes to `stored`, compared in constant time. */
export function secretMatches(secret: string, stored: string): boolean {
  const a = new TextEncoder().encode(hashSecret(secret));
  const b = new TextEncoder().encode(stored);
  return a.length === b.length && constantTimeEqual(a, b);
}
