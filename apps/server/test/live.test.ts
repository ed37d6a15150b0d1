import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { testProviders } from "@conduit/db/testing";
import { liveStreams, registerUser, untilReady as ready } from "@conduit/testkit";
import { sessionCookieName } from "@conduit/auth";
import { useServer } from "./harness.ts";

describe.each(await testProviders())("live updates on one instance (%s)", (provider) => {
  const server = useServer(provider, { env: { LIVE_MAX_STREAMS_PER_USER: "2", TRUST_PROXY: "true" }, listen: true });
  let base: string;
  const streams = liveStreams();
  beforeAll(() => {
    base = server.base;
  });
  afterEach(() => streams.closeAll());

  const live = streams.open;
  /** One request to the stream as a plain client makes it (no reconnects), read to its end. */
  const rawStream = (input: unknown = {}, headers: Record<string, string> = {}) =>
    fetch(`${base}/trpc/live.events?input=${encodeURIComponent(JSON.stringify(input))}`, {
      headers: { ...headers, accept: "text/event-stream" },
    });
  let n = 0;
  // Calls go to the one instance.
  async function user() {
    const registered = await registerUser(base, `live${++n}`);
    return { ...registered, call: (method: string, path: string, body?: unknown) => registered.call(base, method, path, body) };
  }
  const publish = async (author: Awaited<ReturnType<typeof user>>, title: string) =>
    (await author.call("POST", "/articles", { article: { title, description: "d", body: "b" } })).body.article.slug as string;

  it("shows another user's comment on the article's page as it is posted, and takes it away when deleted", async () => {
    const [author, commenter, fan] = [await user(), await user(), await user()];
    await fan.call("POST", `/profiles/${commenter.name}/follow`);
    const slug = await publish(author, "Watched");
    const other = await publish(author, "Not watched");
    const page = live(base, { article: slug });
    const fansPage = live(base, { article: slug }, { cookie: fan.cookie });
    await Promise.all([ready(page), ready(fansPage)]);
    await commenter.call("POST", `/articles/${other}/comments`, { comment: { body: "elsewhere" } });
    const { body } = await commenter.call("POST", `/articles/${slug}/comments`, { comment: { body: "First!" } });
    await page.until(() => page.of("comment.added").length === 1);
    expect(page.of("comment.added")[0]!.comment).toMatchObject({
      id: body.comment.id,
      body: "First!",
      author: { username: commenter.name, following: false },
    });
    // A reader who follows the commenter sees so, as on the comment list.
    await fansPage.until(() => fansPage.of("comment.added").length === 1);
    expect(fansPage.of("comment.added")[0]!.comment.author).toMatchObject({ username: commenter.name, following: true });
    await commenter.call("DELETE", `/articles/${slug}/comments/${body.comment.id}`);
    await page.until(() => page.of("comment.deleted").length === 1);
    expect(page.of("comment.deleted")).toEqual([{ type: "comment.deleted", slug, commentId: body.comment.id, moderated: false }]);
    expect(page.events.every((e) => !("slug" in e.message) || e.message.slug === slug)).toBe(true);
  });

  it("says when a moderator, not the author, removed a comment or the article the page shows", async () => {
    const [author, moderator] = [await user(), await user()];
    const role = await server.db.role.findUniqueOrThrow({ where: { name: "moderator" } });
    const { id: moderatorId } = await server.db.user.findUniqueOrThrow({ where: { username: moderator.name } });
    await server.db.userRole.create({ data: { userId: moderatorId, roleId: role.id } });
    const slug = await publish(author, "Moderated");
    const page = live(base, { article: slug });
    await ready(page);
    const { body } = await author.call("POST", `/articles/${slug}/comments`, { comment: { body: "spam" } });
    await moderator.call("DELETE", `/articles/${slug}/comments/${body.comment.id}`);
    await moderator.call("DELETE", `/articles/${slug}`);
    await page.until(() => page.of("article.deleted").length === 1);
    expect(page.of("comment.deleted")).toEqual([{ type: "comment.deleted", slug, commentId: body.comment.id, moderated: true }]);
    expect(page.of("article.deleted")).toEqual([{ type: "article.deleted", slug, moderated: true }]);
  });

  it("keeps an article page's favorite count current", async () => {
    const [author, fan] = [await user(), await user()];
    const slug = await publish(author, "Loved");
    const page = live(base, { article: slug });
    await ready(page);
    await fan.call("POST", `/articles/${slug}/favorite`);
    await author.call("POST", `/articles/${slug}/favorite`);
    await fan.call("DELETE", `/articles/${slug}/favorite`);
    await page.until(() => page.of("article.favorites").length === 3);
    expect(page.of("article.favorites").map((m) => m.favoritesCount)).toEqual([1, 2, 1]);
  });

  it("tells a signed-in reader which new articles are in their feed, and none of their own", async () => {
    const [reader, followed, stranger, bystander, another] = [await user(), await user(), await user(), await user(), await user()];
    await reader.call("POST", `/profiles/${followed.name}/follow`);
    // Someone else's follows are not the reader's: one made before the stream opens, one while it is open.
    await bystander.call("POST", `/profiles/${stranger.name}/follow`);
    const home = live(base, {}, { cookie: reader.cookie });
    await ready(home);
    await another.call("POST", `/profiles/${stranger.name}/follow`);
    const fromFollowed = await publish(followed, "From a followed author");
    const fromStranger = await publish(stranger, "From a stranger");
    await publish(reader, "My own");
    await home.until(() => home.of("article.published").length >= 2);
    // A follow made while the stream is open counts from then on.
    await reader.call("POST", `/profiles/${stranger.name}/follow`);
    const later = await publish(stranger, "Now followed");
    await home.until(() => home.of("article.published").length >= 3);
    // And an unfollow from then on too.
    await reader.call("DELETE", `/profiles/${followed.name}/follow`);
    const unfollowed = await publish(followed, "After the unfollow");
    await home.until(() => home.of("article.published").length >= 4);
    expect(home.of("article.published")).toEqual([
      { type: "article.published", slug: fromFollowed, inYourFeed: true },
      { type: "article.published", slug: fromStranger, inYourFeed: false },
      { type: "article.published", slug: later, inYourFeed: true },
      { type: "article.published", slug: unfollowed, inYourFeed: false },
    ]);
  });

  it("replays exactly the events missed since the last id a client saw", async () => {
    const [author, commenter] = [await user(), await user()];
    const slug = await publish(author, "Resumed");
    const first = live(base, { article: slug });
    await ready(first);
    await commenter.call("POST", `/articles/${slug}/comments`, { comment: { body: "seen" } });
    await first.until(() => first.of("comment.added").length === 1);
    const lastSeen = first.events.at(-1)!.id;
    first.close();
    for (const body of ["missed 1", "missed 2", "missed 3"])
      await commenter.call("POST", `/articles/${slug}/comments`, { comment: { body } });
    const again = live(base, { article: slug, lastEventId: lastSeen });
    await again.until(() => again.of("comment.added").length === 3);
    await commenter.call("POST", `/articles/${slug}/comments`, { comment: { body: "live again" } });
    await again.until(() => again.of("comment.added").length === 4);
    expect(again.of("comment.added").map((m) => m.comment.body)).toEqual(["missed 1", "missed 2", "missed 3", "live again"]);
    // A resumed stream just goes on: no "ready", no "stale" (which would make the page refetch).
    expect(again.events.map((e) => e.message.type)).toEqual(["comment.added", "comment.added", "comment.added", "comment.added"]);
    const ids = again.events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("answers bad input with a clear error inside the event stream (a browser's EventSource gives up on any non-200)", async () => {
    const cases = [
      [{ lastEventId: "12; DROP TABLE" }, "BAD_REQUEST", "lastEventId"],
      [{ article: "no-such-article" }, "NOT_FOUND", "article"],
      [{ topic: "everything" }, "BAD_REQUEST", "Unrecognized key"],
    ] as const;
    for (const [input, code, mentions] of cases) {
      const response = await rawStream(input);
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toMatch(new RegExp(`event: serialized-error[\\s\\S]*"code":"${code}"`));
      expect(text).toContain(mentions);
      expect(text).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  it("tells a client whose last id it cannot resume from to refetch", async () => {
    const lost = live(base, { lastEventId: "999999999" });
    await lost.until((events) => events.length > 0);
    expect(lost.events[0]!.message).toEqual({ type: "stale" });
  });

  it("refuses a stream whose session token is unknown, rather than serving it as a visitor's", async () => {
    const stream = live(base, {}, { cookie: `${sessionCookieName}=not-a-session` });
    await expect(stream.until(() => false, 5_000)).rejects.toMatchObject({
      message: "token is invalid or expired",
      data: { code: "UNAUTHORIZED" },
    });
  });

  it("ends a stream when its session is logged out, and does not reconnect", async () => {
    const reader = await user();
    const stream = live(base, {}, { cookie: reader.cookie });
    await ready(stream);
    const logout = await fetch(`${base}/trpc/users.logout`, {
      method: "POST",
      headers: { authorization: `Token ${reader.token}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(logout.status).toBe(200);
    await expect(stream.until(() => false, 5_000)).rejects.toMatchObject({ message: "session ended", data: { code: "UNAUTHORIZED" } });
    const connections = stream.connections;
    await new Promise((r) => setTimeout(r, 500));
    expect(stream.connections).toBe(connections);
  });

  it("ends the streams of a user's other sessions when the password changes, and keeps them through any other profile change", async () => {
    const reader = await user();
    const login = await fetch(`${base}/api/users/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user: { email: `${reader.name}@example.test`, password: "password123" } }),
    });
    const otherToken = ((await login.json()) as { user: { token: string } }).user.token;
    const elsewhere = live(base, {}, { cookie: `${sessionCookieName}=${otherToken}` });
    await ready(elsewhere);
    await reader.call("PUT", "/user", { user: { bio: "new bio" } });
    await expect(elsewhere.until(() => false, 1_500)).rejects.toThrow(/not seen within/);
    await reader.call("PUT", "/user", { user: { password: "a-new-password-123" } });
    await expect(elsewhere.until(() => false, 5_000)).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });
  });

  it("limits visitors' streams by address and a signed-in user's by account, separately", async () => {
    // Behind the proxy this server is configured to trust, a visitor's address is X-Forwarded-For's.
    const from = (address: string) => ({ headers: { "x-forwarded-for": address } });
    const refused = async (headers: Record<string, string>) => {
      const response = await rawStream({}, headers);
      return /TOO_MANY_REQUESTS/.test(await response.text());
    };
    await Promise.all([live(base, {}, from("203.0.113.1")), live(base, {}, from("203.0.113.1"))].map(ready));
    expect(await refused(from("203.0.113.1").headers)).toBe(true);
    await ready(live(base, {}, from("203.0.113.2")));
    const [reader, neighbour] = [await user(), await user()];
    await Promise.all([live(base, {}, { cookie: reader.cookie }), live(base, {}, { cookie: reader.cookie })].map(ready));
    expect(await refused({ cookie: reader.cookie })).toBe(true);
    // Another account, from the same address as everyone here.
    await ready(live(base, {}, { cookie: neighbour.cookie }));
  });

  it("refuses a user's stream beyond the limit inside a 200 event stream (never 429), and counts closed streams as gone", async () => {
    const reader = await user();
    const [a, b] = [live(base, {}, { cookie: reader.cookie }), live(base, {}, { cookie: reader.cookie })];
    await Promise.all([ready(a), ready(b)]);
    const response = await rawStream({}, { cookie: reader.cookie });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const refusal = await response.text();
    expect(refusal).toMatch(/event: serialized-error[\s\S]*TOO_MANY_REQUESTS/);
    expect(refusal).toContain("too many live streams open at once: close another tab");
    // The server notices a closed stream a moment after the client closes it.
    const openOnceFreed = async () => {
      for (let attempt = 0; ; attempt++) {
        const stream = live(base, {}, { cookie: reader.cookie });
        try {
          await ready(stream);
          return stream;
        } catch (error) {
          stream.close();
          if (attempt === 50) throw error;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    };
    // One closed: one more may open, and no more than that.
    a.close();
    const c = await openOnceFreed();
    const d = await rawStream({}, { cookie: reader.cookie });
    expect(await d.text()).toMatch(/TOO_MANY_REQUESTS/);
    // All closed: the whole allowance again.
    b.close();
    c.close();
    await openOnceFreed();
    await openOnceFreed();
  });
});
