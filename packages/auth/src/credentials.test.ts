import { describe, expect, it } from "vitest";
import { tokenFromRequest } from "./credentials.ts";

describe("tokenFromRequest", () => {
  it("reads RealWorld's `Token` scheme and the standard `Bearer` scheme", () => {
    expect(tokenFromRequest("Token abc.def", undefined)).toBe("abc.def");
    expect(tokenFromRequest("Bearer abc.def", undefined)).toBe("abc.def");
  });

  it("prefers the header to the cookie, and falls back to the cookie without one", () => {
    expect(tokenFromRequest("Token header", "cookie")).toBe("header");
    expect(tokenFromRequest(undefined, "cookie")).toBe("cookie");
  });

  it("gives no token for an unknown scheme or an empty header", () => {
    expect(tokenFromRequest("Basic dXNlcg==", "cookie")).toBeNull();
    expect(tokenFromRequest("Token", undefined)).toBeNull();
    expect(tokenFromRequest(undefined, undefined)).toBeNull();
  });
});
