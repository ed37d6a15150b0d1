import { describe, expect, it } from "vitest";
import { developmentKeys } from "@conduit/api";
import { canonicalOriginOf, loadConfig, publicUrlOf, webAuthnOf } from "../src/config.ts";
import { totpKeysOf } from "../src/app-deps.ts";

describe("configuration", () => {
  it("defaults to SQLite on 127.0.0.1:3000", () => {
    expect(loadConfig({})).toMatchObject({ HOST: "127.0.0.1", PORT: 3000, NODE_ENV: "development" });
  });

  it("stops with a message naming each bad variable", () => {
    expect(() => loadConfig({ PORT: "http", LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL:[\s\S]*PORT:|PORT:[\s\S]*LOG_LEVEL:/);
    expect(() => loadConfig({ DATABASE_URL: "mysql://x/y" })).toThrow(/DATABASE_URL: must start with file:/);
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/COOKIE_SECRET: is required when NODE_ENV=production/);
    expect(() => loadConfig({ COOKIE_SECRET: "short" })).toThrow(/COOKIE_SECRET: must be at least 32 characters/);
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT_MS: "5001", HTTP_REQUEST_TIMEOUT_MS: "5000" })).toThrow(
      /HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS/,
    );
    expect(loadConfig({ HTTP_HEADERS_TIMEOUT_MS: "5000", HTTP_REQUEST_TIMEOUT_MS: "5000" }).HTTP_HEADERS_TIMEOUT_MS).toBe(5000);
  });

  it("runs jobs in the server and keeps mail locally by default, and checks the mail and job settings", () => {
    expect(loadConfig({})).toMatchObject({ JOBS_MODE: "all", JOBS_CONCURRENCY: 4, SMTP_TLS_REJECT_UNAUTHORIZED: true });
    expect(loadConfig({}).SMTP_URL).toBeUndefined();
    expect(loadConfig({}).MAIL_DIR).toMatch(/data[/\\]mailbox$/);
    expect(loadConfig({ SMTP_URL: "smtps://u:p@mail.example.com:465", JOBS_MODE: "web" })).toMatchObject({ JOBS_MODE: "web" });
    expect(() => loadConfig({ SMTP_URL: "http://mail.example.com" })).toThrow(/SMTP_URL:/);
    expect(() => loadConfig({ JOBS_MODE: "sometimes" })).toThrow(/JOBS_MODE:/);
    expect(() => loadConfig({ PUBLIC_URL: "ftp://example.com" })).toThrow(/PUBLIC_URL:/);
    expect(() => loadConfig({ SHUTDOWN_GRACE_MS: "10" })).toThrow(/SHUTDOWN_GRACE_MS:/);
  });

  it("takes the TOTP key as 32 bytes of base64, none in production meaning no TOTP, and the passkeys' party from PUBLIC_URL", () => {
    const key = Buffer.alloc(32, 1).toString("base64");
    expect(totpKeysOf(loadConfig({ TOTP_ENCRYPTION_KEY: key }))?.current).toEqual(new Uint8Array(32).fill(1));
    expect(() => loadConfig({ TOTP_ENCRYPTION_KEY: Buffer.alloc(16).toString("base64") })).toThrow(/TOTP_ENCRYPTION_KEY: must be 32 bytes/);
    expect(totpKeysOf(loadConfig({ NODE_ENV: "production", COOKIE_SECRET: "x".repeat(32) }))).toBeNull();
    expect(totpKeysOf(loadConfig({}))).toBe(developmentKeys);
    expect(webAuthnOf(loadConfig({ PUBLIC_URL: "https://conduit.example.com/app/" }))).toEqual({
      rpId: "conduit.example.com",
      origin: "https://conduit.example.com",
    });
    expect(webAuthnOf(loadConfig({ WEBAUTHN_RP_ID: "example.com", WEBAUTHN_ORIGIN: "https://www.example.com" }))).toEqual({
      rpId: "example.com",
      origin: "https://www.example.com",
    });
  });

  it("names a server on a loopback address localhost, so passkeys work on the default install; another address as it is", () => {
    expect(publicUrlOf(loadConfig({}))).toBe("http://localhost:3000/");
    expect(webAuthnOf(loadConfig({}))).toEqual({ rpId: "localhost", origin: "http://localhost:3000" });
    expect(publicUrlOf(loadConfig({ HOST: "::1", PORT: "4000" }))).toBe("http://localhost:4000/");
    expect(publicUrlOf(loadConfig({ HOST: "0.0.0.0" }))).toBe("http://0.0.0.0:3000/");
    // localhost does not reach the rest of 127.0.0.0/8: such a server keeps its address.
    expect(publicUrlOf(loadConfig({ HOST: "127.0.0.2" }))).toBe("http://127.0.0.2:3000/");
    // Page loads move to localhost only on a development server that named itself so.
    expect(canonicalOriginOf(loadConfig({}))).toBe("http://localhost:3000");
    expect(canonicalOriginOf(loadConfig({ NODE_ENV: "production", COOKIE_SECRET: "x".repeat(32) }))).toBeUndefined();
    expect(canonicalOriginOf(loadConfig({ PUBLIC_URL: "http://localhost:3000/" }))).toBeUndefined();
    expect(publicUrlOf(loadConfig({ HOST: "fd00::5" }))).toBe("http://[fd00::5]:3000/");
  });

  it("reads OIDC_PROVIDERS as a JSON array of providers and refuses a malformed one at start", () => {
    const google = { id: "google", name: "Google", issuer: "https://accounts.google.com", clientId: "id", clientSecret: "secret" };
    expect(loadConfig({ OIDC_PROVIDERS: JSON.stringify([google]) }).OIDC_PROVIDERS).toEqual([
      { ...google, kind: "oidc", scopes: "openid email profile", trustMfa: false },
    ]);
    expect(loadConfig({}).OIDC_PROVIDERS).toEqual([]);
    expect(() => loadConfig({ OIDC_PROVIDERS: "not json" })).toThrow(/OIDC_PROVIDERS: must be a JSON array of providers/);
    expect(() => loadConfig({ OIDC_PROVIDERS: JSON.stringify([{ ...google, issuer: undefined }]) })).toThrow(
      /an OIDC provider needs its issuer/,
    );
    expect(() => loadConfig({ OIDC_PROVIDERS: JSON.stringify([google, google]) })).toThrow(/provider ids must differ/);
    expect(() => loadConfig({ OIDC_PROVIDERS: JSON.stringify([{ ...google, id: "Google!" }]) })).toThrow(/OIDC_PROVIDERS/);
  });

  it("says what is wrong in one ConfigError, a line per variable", () => {
    const error = (() => {
      try {
        loadConfig({ PORT: "http" });
      } catch (e) {
        return e as Error;
      }
    })();
    expect([error?.name, error?.message]).toEqual(["ConfigError", expect.stringMatching(/^invalid configuration:\n {2}PORT: \S/)]);
  });

  it("reads a list of allowed origins, with spaces and empty entries ignored", () => {
    expect(loadConfig({ ALLOWED_ORIGINS: " https://a.test , https://b.test ,," }).ALLOWED_ORIGINS).toEqual([
      "https://a.test",
      "https://b.test",
    ]);
    expect(loadConfig({}).ALLOWED_ORIGINS).toEqual([]);
  });
});
