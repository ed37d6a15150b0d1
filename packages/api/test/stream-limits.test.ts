import { describe, expect, it } from "vitest";
import { createStreamLimits } from "../src/shared/stream-limits.ts";

describe("live stream limits", () => {
  it("bounds the streams of one holder and of the whole instance, and frees a place when a stream closes", () => {
    const limits = createStreamLimits({ maxStreams: 3, maxStreamsPerUser: 2 });
    const first = limits.acquire("user:1");
    const second = limits.acquire("user:1");
    expect(limits.acquire("user:1")).toBe("holder-full");
    const other = limits.acquire("user:2");
    expect(limits.acquire("user:3")).toBe("instance-full");
    expect(limits.open).toBe(3);
    if (typeof first !== "function" || typeof second !== "function" || typeof other !== "function") throw new Error("expected places");
    first();
    first(); // releasing twice frees one place only
    expect(limits.open).toBe(2);
    expect(typeof limits.acquire("user:1")).toBe("function");
    expect(limits.acquire("user:3")).toBe("instance-full");
  });
});
