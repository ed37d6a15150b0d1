import { describe, expect, it } from "vitest";
import { hashPassword, verifyAgainstNothing, verifyPassword } from "./password.ts";

describe("passwords", () => {
  it("are hashed with argon2id, salted, and verify only with the right password", async () => {
    const a = await hashPassword("correct horse");
    const b = await hashPassword("correct horse");
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, "correct horse")).toBe(true);
    expect(await verifyPassword(a, "wrong horse")).toBe(false);
  });

  it("fail closed on a malformed hash and for accounts that do not exist", async () => {
    expect(await verifyPassword("not a hash", "x")).toBe(false);
    expect(await verifyAgainstNothing("x")).toBe(false);
  });
});
