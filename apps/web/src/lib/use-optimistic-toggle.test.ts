import { describe, expect, it } from "vitest";
import { act, renderHook } from "@testing-library/react";
import { useOptimisticToggle, type Toggle } from "./use-optimistic-toggle.ts";

function deferred() {
  let resolve!: (t: Toggle) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<Toggle>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe("useOptimisticToggle", () => {
  it("shows the new state and count at once, before the server answers", async () => {
    const call = deferred();
    const { result } = renderHook(() => useOptimisticToggle({ on: false, count: 3 }, () => call.promise));
    let done!: Promise<void>;
    act(() => {
      done = result.current.toggle();
    });
    expect(result.current.shown).toEqual({ on: true, count: 4 });
    expect(result.current.busy).toBe(true);
    await act(async () => {
      call.resolve({ on: true, count: 4 });
      await done;
    });
    expect(result.current.busy).toBe(false);
  });

  it("rolls back to the server's state and reports the error when the call fails", async () => {
    const call = deferred();
    const { result } = renderHook(() => useOptimisticToggle({ on: true, count: 1 }, () => call.promise));
    let done!: Promise<void>;
    act(() => {
      done = result.current.toggle();
    });
    expect(result.current.shown).toEqual({ on: false, count: 0 });
    await act(async () => {
      call.reject(new Error("offline"));
      await done;
    });
    expect(result.current.shown).toEqual({ on: true, count: 1 });
    expect(result.current.error).toBe("offline");
  });
});
