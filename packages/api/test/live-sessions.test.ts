import { afterEach, describe, expect, it } from "vitest";
import { testProviders } from "@conduit/db/testing";
import { createLive, type Live } from "../src/live/live.ts";
import { useApi } from "./harness.ts";

const day = 86_400_000;

describe.each(await testProviders())("a live stream's session, on %s", (provider) => {
  const api = useApi(provider);
  let live: Live | undefined;
  afterEach(() => live?.close());

  const quietFor = (pending: Promise<unknown>, ms: number) => Promise.race([pending.then(() => "a message", () => "an end"), new Promise((r) => setTimeout(() => r("quiet"), ms))]);

  it("ends the stream at the next periodic check once the session has expired, with no revocation to announce it", async () => {
    const reader = await api.signUp();
    live = createLive(api.db, { sessionCheckMs: 50 });
    let clock = Date.now();
    const now = () => new Date(clock);
    const events = await api.caller(reader.token, { live, now }).live.events({});
    const stream = events[Symbol.asyncIterator]();
    const [, first] = (await stream.next()).value as [string, { type: string }];
    expect(first).toEqual({ type: "ready" });
    const pending = stream.next();
    // Several checks pass while the session is valid.
    expect(await quietFor(pending, 300)).toBe("quiet");
    clock += 11 * day; // beyond the session's ten days without use
    expect(await quietFor(pending, 2_000)).toBe("an end");
    await expect(pending).rejects.toMatchObject({ code: "UNAUTHORIZED", message: "session ended" });
    // The stream's place is given back.
    expect(live.streams.open).toBe(0);
  });
});
