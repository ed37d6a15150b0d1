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

  it("keeps the link on the relying party's origin whatever the page's path holds", () => {
    const blocker = passkeyBlocker("http://localhost:3000/", { href: "http://127.0.0.1:3000//evil.example/login", hasWebAuthn: true });
    expect(new URL(blocker!.href!).origin).toBe("http://localhost:3000");
    expect(passkeyBlocker("http://localhost:3000/", { href: "http://localhost:3000/login", hasWebAuthn: true })).toBeNull();
  });

  it("says a server named by an IP address cannot have passkeys, even on a page at that address", () => {
    for (const origin of ["http://127.0.0.1:3000", "http://[::1]:3000"])
      expect(passkeyBlocker(origin, { href: `${origin}/login`, hasWebAuthn: true })).toEqual({
        message: "Passkeys need this server to go by a name (such as localhost), not by the IP address in its PUBLIC_URL.",
      });
  });

  it("says a browser without WebAuthn cannot use them, wherever the page is", () => {
    expect(passkeyBlocker("http://localhost:3000", { href: "http://localhost:3000/login", hasWebAuthn: false })).toEqual({
      message: "This browser cannot use passkeys here.",
    });
  });
});
