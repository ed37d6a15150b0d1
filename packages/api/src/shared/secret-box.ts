import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/** The keys TOTP secrets are encrypted with: `current` for new ones, `previous` still read while rotating. */
export interface SecretKeys {
  current: Uint8Array;
  previous?: Uint8Array;
}

/** Names a key without revealing it: the first 8 hex digits of its SHA-256. */
export function keyIdOf(key: Uint8Array): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

/** AES-256-GCM: a fresh 96-bit IV, then the ciphertext and its 128-bit tag, as one value. */
export function sealSecret(keys: SecretKeys, secret: Uint8Array): { keyId: string; sealed: Uint8Array<ArrayBuffer> } {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keys.current, iv);
  const body = Buffer.concat([cipher.update(secret), cipher.final()]);
  return { keyId: keyIdOf(keys.current), sealed: new Uint8Array(Buffer.concat([iv, body, cipher.getAuthTag()])) };
}

/** The secret back, with whichever key `keyId` names; throws if that key is gone or the value was altered. */
export function openSecret(keys: SecretKeys, keyId: string, sealed: Uint8Array): Uint8Array {
  const key = [keys.current, keys.previous].find((k) => k && keyIdOf(k) === keyId);
  if (!key) throw new Error(`TOTP secret sealed with key ${keyId}, which is neither TOTP_ENCRYPTION_KEY nor TOTP_ENCRYPTION_KEY_PREVIOUS`);
  const bytes = Buffer.from(sealed);
  const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return new Uint8Array(Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]));
}

/** Only for development and tests: production refuses to start without TOTP_ENCRYPTION_KEY. */
export const developmentKeys: SecretKeys = {
  current: new Uint8Array(createHash("sha256").update("conduit development TOTP key").digest()),
};
