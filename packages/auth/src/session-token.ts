import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";

/** 120 bits of randomness, base32: Lucia's `generateSecureRandomString`. */
function randomString(): string {
  const bytes = new Uint8Array(15);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export interface NewSessionToken {
  /** What the client holds: `<id>.<secret>`. */
  token: string;
  id: string;
  /** What the database holds instead of the secret. */
  secretHash: Uint8Array;
}

export function generateSessionToken(): NewSessionToken {
  const id = randomString();
  const secret = randomString();
  return { token: `${id}.${secret}`, id, secretHash: hashSecret(secret) };
}

function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

/** Splits a token into its parts; null for anything that is not `<id>.<secret>`. */
export function parseSessionToken(token: string): { id: string; secret: string } | null {
  const parts = token.split(".");
  // Stryker disable next-line all: a shortcut, not the check; a malformed token matches no stored id and its secret no stored hash, so it is refused either way, one query later.
  if (parts.length !== 2) return null;
  const [id, secret] = parts as [string, string];
  // Stryker disable next-line all: the same shortcut.
  if (!/^[a-z2-7]{24}$/.test(id) || !/^[a-z2-7]{24}$/.test(secret)) return null;
  return { id, secret };
}

export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
  return constantTimeEqual(hashSecret(secret), storedHash);
}
