import { describe, expect, it } from "vitest";
import { passkeyBlocker } from "./passkeys.ts";

describe("where passkeys can work", () => {
  it("lets a page at the relying party's origin use them", () => {
    expect(passkeyBlocker("http://localhost:3000", { href: "http://localhost:3000/login", hasWebAuthn: true })).toBeNull();
  });

  it("sends a page opened at 127.0.0.1 to the same page at the relying party's name", () => {
    expect(passkeyBlocker("http://localhost:3000", { href: "http://127.0.0.1:3000/login?connect=x", hasWebAuthn: true })).toEqual({
      message: "Passkeys work on this server at localhost:3000 only.",
      href: "http://localhost:3000/login?connect=x",
    });
  });

  it("says a browser without WebAuthn cannot use them, wherever the page is", () => {
    expect(passkeyBlocker("http://localhost:3000", { href: "http://localhost:3000/login", hasWebAuthn: false })).toEqual({
      message: "This browser cannot use passkeys here.",
    });
  });
});
