import { describe, expect, it } from "vitest";
import { sessionCookieOptions, tokenFromRequest } from "./credentials.ts";

describe("tokenFromRequest", () => {
  it("reads RealWorld's `Token` scheme and the standard `Bearer` scheme", () => {
    expect(tokenFromRequest("Token abc.def", undefined)).toBe("abc.def");
    expect(tokenFromRequest("Bearer abc.def", undefined)).toBe("abc.def");
  });

  it("prefers the header to the cookie, and falls back to the cookie without one", () => {
    expect(tokenFromRequest("Token header", "cookie")).toBe("header");
    expect(tokenFromRequest(undefined, "cookie")).toBe("cookie");
  });

  it("takes the token from a well-formed header only: any spacing around it, nothing before the scheme or after the token", () => {
    expect(tokenFromRequest("Token   abc.def  ", undefined)).toBe("abc.def");
    expect(tokenFromRequest("token abc.def", undefined)).toBe("abc.def");
    expect(tokenFromRequest("XToken abc.def", undefined)).toBeNull();
    expect(tokenFromRequest("Token abc.def extra", undefined)).toBeNull();
    expect(tokenFromRequest("Tokenabc.def", undefined)).toBeNull();
  });

  it("gives no token for an unknown scheme or an empty header", () => {
    expect(tokenFromRequest("Basic dXNlcg==", "cookie")).toBeNull();
    expect(tokenFromRequest("Token", undefined)).toBeNull();
    expect(tokenFromRequest(undefined, undefined)).toBeNull();
  });
});

describe("sessionCookieOptions", () => {
  it("makes a cookie scripts cannot read, sent on same-site navigation, for the whole site, expiring with the session", () => {
    const expires = new Date(Date.UTC(2026, 0, 11));
    expect(sessionCookieOptions(expires, false)).toEqual({ httpOnly: true, sameSite: "lax", secure: false, path: "/", expires });
    expect(sessionCookieOptions(expires, true).secure).toBe(true);
  });
});
