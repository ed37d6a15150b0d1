import { describe, expect, it } from "vitest";
import { TRPCClientError } from "@trpc/client";
import { retryOnlyServerFailures } from "./retry-policy.ts";

const clientError = (httpStatus: number) =>
  new TRPCClientError("failed", { result: { error: { message: "failed", code: -32600, data: { httpStatus } } } as never });

describe("retryOnlyServerFailures", () => {
  it("never retries an answer that the request was wrong (404, 401)", () => {
    expect(retryOnlyServerFailures(0, clientError(404))).toBe(false);
    expect(retryOnlyServerFailures(0, clientError(401))).toBe(false);
  });

  it("retries server and network failures twice", () => {
    expect([0, 1, 2].map((n) => retryOnlyServerFailures(n, clientError(500)))).toEqual([true, true, false]);
    expect(retryOnlyServerFailures(0, new TypeError("fetch failed"))).toBe(true);
  });
});
