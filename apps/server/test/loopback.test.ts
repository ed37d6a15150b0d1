import { describe, expect, it } from "vitest";
import { isLoopbackAddress } from "../src/http/loopback.ts";

describe("which listen addresses may serve the local mailbox", () => {
  it.each(["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"])(
    "%s reaches this machine only",
    (host) => {
      expect(isLoopbackAddress(host)).toBe(true);
    },
  );

  it.each([
    "0.0.0.0",
    "::",
    "[::]",
    "192.168.1.10",
    "10.0.0.1",
    "203.0.113.7",
    "2001:db8::1",
    "::ffff:10.0.0.1",
    "example.com",
    "localhost.example.com",
    "128.0.0.1",
  ])("%s may be reached from elsewhere", (host) => {
    expect(isLoopbackAddress(host)).toBe(false);
  });
});
