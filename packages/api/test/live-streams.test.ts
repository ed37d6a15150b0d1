import { afterEach, describe, expect, it } from "vitest";
import { testProviders } from "@conduit/db/testing";
import { createLive, type Live, type LiveOptions } from "../src/shared/live-hub.ts";
import { announceSessionsEnded } from "../src/shared/session-watch.ts";
import { failure, useApi } from "./harness.ts";

describe.each(await testProviders())("a live stream, on %s", (provider) => {
  const api = useApi(provider);
  let live: Live | undefined;
  const liveWith = (options: LiveOptions) => (live = createLive(api.db, options));
  afterEach(() => live?.close());

  /**
   * The stream's next message, as a promise that may reject before the test looks at it (a check
   * can end the stream while the test is still awaiting the write that caused it): marked as
   * handled at once, and still rejecting for whoever awaits it.
   */
  const nextOf = (stream: AsyncIterator<unknown>) => {
    const next = stream.next();
    next.catch(() => {});
    return next;
  };
  const quietFor = (pending: Promise<unknown>, ms: number) =>
    Promise.race([
      pending.then(
        () => "a message",
        () => "an end",
      ),
      new Promise((r) => setTimeout(() => r("quiet"), ms)),
    ]);
  const sessionLookups = () => api.queries.filter((q) => /^SELECT .*Session\W+\.\W+expiresAt/.test(q)).length;

  const idOf = async (username: string) => (await api.db.user.findUniqueOrThrow({ where: { username }, select: { id: true } })).id;
  const streamOf = async (token: string | null, options: { live: Live; now?: () => Date }) =>
    (await api.caller(token, options).live.events({}))[Symbol.asyncIterator]();

  /** A stream that has said it is open. */
  async function open(token: string | null, options: { live: Live; now?: () => Date }) {
    const stream = await streamOf(token, options);
    const [, first] = (await stream.next()).value as [string, { type: string }];
    expect(first).toEqual({ type: "ready" });
    return stream;
  }

  it("ends the stream at the next periodic check once the session has expired, with no revocation to announce it", async () => {
    const reader = await api.signUp();
    let clock = Date.now();
    const stream = await open(reader.token, { live: liveWith({ sessionCheckMs: 50 }), now: () => new Date(clock) });
    const pending = nextOf(stream);
    // Several checks pass while the session is valid.
    expect(await quietFor(pending, 300)).toBe("quiet");
    // The moment the session expires (ten days without use), not a millisecond later.
    const { expiresAt } = await api.db.session.findFirstOrThrow({
      where: { user: { username: reader.username } },
      select: { expiresAt: true },
    });
    clock = expiresAt.getTime();
    expect(await quietFor(pending, 2_000)).toBe("an end");
    await expect(pending).rejects.toMatchObject({ code: "UNAUTHORIZED", message: "session ended" });
    // The stream's place is given back.
    expect(live!.streams.open).toBe(0);
  });

  it("checks its session at once when a revocation is announced, or when the instance may have missed announcements", async () => {
    const reader = await api.signUp();
    const id = await idOf(reader.username);
    const options = { live: liveWith({ sessionCheckMs: 60_000 }) };
    const [first, second] = [await open(reader.token, options), await open(reader.token, options)];
    const [pendingFirst, pendingSecond] = [nextOf(first), nextOf(second)];
    // Revoked where no signal from it arrives (another instance, while this one was not listening).
    await api.db.session.deleteMany({ where: { userId: id } });
    expect(await quietFor(pendingFirst, 200)).toBe("quiet");
    api.db.$signals.wake("*"); // what the instance hears once it listens again
    expect(await quietFor(Promise.all([pendingFirst, pendingSecond]), 2_000)).toBe("an end");
    await expect(pendingFirst).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(pendingSecond).rejects.toMatchObject({ code: "UNAUTHORIZED" });

    const again = await api.caller().users.login({ email: reader.email, password: "password123" });
    const third = await open(again.token, options);
    const pendingThird = nextOf(third);
    await api.db.session.deleteMany({ where: { userId: id } });
    await announceSessionsEnded(api.db, id);
    expect(await quietFor(pendingThird, 2_000)).toBe("an end");
    await expect(pendingThird).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("stops checking its session once closed, on a timer or on a signal", async () => {
    const reader = await api.signUp();
    const id = await idOf(reader.username);
    const stream = await open(reader.token, { live: liveWith({ sessionCheckMs: 20 }) });
    const opened = sessionLookups();
    await new Promise((r) => setTimeout(r, 100));
    expect(sessionLookups()).toBeGreaterThan(opened); // it was checking
    await stream.return!(undefined);
    await new Promise((r) => setTimeout(r, 50)); // a check already under way may still finish
    const before = sessionLookups();
    await announceSessionsEnded(api.db, id);
    await new Promise((r) => setTimeout(r, 150));
    expect(sessionLookups()).toBe(before);
  });

  it("reads the event log no more once the instance closes its live updates", async () => {
    const author = await api.signUp();
    const instance = liveWith({});
    const stream = await open(null, { live: instance });
    const eventReads = () => api.queries.filter((q) => /^SELECT .* FROM \W*(main|public)\W*\.\W*events\W/.test(q)).length;
    const publish = async (title: string) => {
      const before = eventReads();
      await author.api.articles.create({ title, description: "d", body: "b" });
      await new Promise((r) => setTimeout(r, 100));
      return eventReads() - before;
    };
    expect(await publish("While open")).toBeGreaterThan(0); // what an open feed does
    await stream.return!(undefined);
    instance.close();
    expect(await publish("After closing")).toBe(0);
  });

  it("refuses a stream beyond the instance's limit as retryable, saying why", async () => {
    const options = { live: liveWith({ maxStreams: 1 }) };
    const first = await open(null, options);
    const refused = await failure(streamOf(null, options).then((stream) => stream.next()));
    expect([refused.code, refused.message]).toEqual(["SERVICE_UNAVAILABLE", "this instance has as many live streams open as it serves"]);
    await first.return!(undefined);
  });
});
