import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "@conduit/db";
import { createTestDatabase, testProviders, waitFor, type TestDatabase } from "@conduit/db/testing";
import { createCaller } from "../src/root.ts";
import { createContextInner } from "../src/context.ts";
import { inProcessDeps } from "../src/in-process-deps.ts";

// Two handles with their own pools and listening connections stand for two server instances.
describe.skipIf(!(await testProviders()).includes("postgresql"))("two instances on one PostgreSQL", () => {
  let database: TestDatabase;
  const handles: DbHandle[] = [];
  const on = (i: number, token?: string) => createCaller(createContextInner(inProcessDeps(handles[i]!.db), { token }));
  beforeAll(async () => {
    database = await createTestDatabase("postgresql");
    handles.push(await createDb(database.url), await createDb(database.url));
  });
  afterAll(async () => {
    await Promise.all(handles.map((h) => h.close()));
    await database.drop();
  });

  /** The total instance A reports, polled for up to `ms` (the cache would hold a stale one for 5 s). */
  async function totalOnA(expected: number, filter: { tag?: string } = {}, ms = 500) {
    let total = -1;
    for (const started = Date.now(); Date.now() - started < ms; await new Promise((r) => setTimeout(r, 10))) {
      total = (await on(0).articles.list({ limit: 1, ...filter })).articlesCount;
      if (total === expected) break;
    }
    return total;
  }

  it("shows the article total and a tag's total on A right after B creates, retags or deletes", async () => {
    const { token } = await on(1).users.register({ username: "writer", email: "writer@example.test", password: "password123" });
    const b = on(1, token);
    await on(0).articles.list({ limit: 1 });
    await waitFor(() => handles[0]!.db.$signals.live(), 2_000, "the change signal to listen");
    expect((await on(0).articles.list({ limit: 1 })).articlesCount).toBe(0);
    expect((await on(0).articles.list({ limit: 1, tag: "news" })).articlesCount).toBe(0);

    const { slug } = await b.articles.create({ title: "Fresh", description: "d", body: "b", tagList: ["news"] });
    expect(await totalOnA(1)).toBe(1);
    expect((await on(0).articles.list({ limit: 1, tag: "news" })).articlesCount).toBe(1);

    await b.articles.update({ slug, tagList: ["old"] });
    expect(await totalOnA(0, { tag: "news" })).toBe(0);

    await b.articles.delete({ slug });
    expect(await totalOnA(0)).toBe(0);
  });

  it("lists the tags in use on A right after B creates, retags or deletes an article, though A keeps the list between changes", async () => {
    const { token } = await on(1).users.register({ username: "tagger", email: "tagger@example.test", password: "password123" });
    const b = on(1, token);
    await waitFor(() => handles[0]!.db.$signals.live(), 2_000, "the change signal to listen");
    const tagsOnA = async (expected: string[]) => {
      let tags: string[] = [];
      for (const started = Date.now(); Date.now() - started < 500; await new Promise((r) => setTimeout(r, 10))) {
        tags = await on(0).tags.list();
        if (JSON.stringify(tags) === JSON.stringify(expected)) break;
      }
      return tags;
    };
    const before = await on(0).tags.list();
    const { slug } = await b.articles.create({ title: "Tagged", description: "d", body: "b", tagList: ["zebra"] });
    expect(await tagsOnA([...before, "zebra"].sort())).toEqual([...before, "zebra"].sort());
    await b.articles.update({ slug, tagList: ["yak"] });
    expect(await tagsOnA([...before, "yak"].sort())).toEqual([...before, "yak"].sort());
    await b.articles.delete({ slug });
    expect(await tagsOnA(before)).toEqual(before);
  });

  it("recounts on A once A's listening connection comes back, since it may have missed signals while it was cut", async () => {
    await waitFor(() => handles[0]!.db.$signals.live(), 2_000, "the change signal to listen");
    // PostgreSQL delivers notifications in commit order: once A hears this marker, every signal
    // of the writes before it has arrived too, and none can drop A's cache below.
    let unsubscribeMarker = () => {};
    const settled = new Promise<void>(
      (resolve) => (unsubscribeMarker = handles[0]!.db.$signals.subscribe((topic) => topic === "test.settled" && resolve())),
    );
    await handles[1]!.db.$signals.publish("test.settled");
    await settled;
    unsubscribeMarker();
    const before = (await on(0).articles.list({ limit: 1 })).articlesCount; // cached on A
    // Written where no signal announces it, as if A had been deaf when it was sent.
    const author = await handles[1]!.db.user.findFirstOrThrow({ select: { id: true } });
    await handles[1]!.db.article.create({
      data: { slug: "unannounced", title: "Unannounced", description: "d", body: "b", authorId: author.id },
    });
    expect((await on(0).articles.list({ limit: 1 })).articlesCount).toBe(before);
    let unsubscribe = () => {};
    const backAndWarned = new Promise<void>(
      (resolve) => (unsubscribe = handles[0]!.db.$signals.subscribe((topic) => topic === "*" && resolve())),
    );
    await database.db.$queryRawUnsafe(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'conduit-listen'",
    );
    await backAndWarned;
    unsubscribe();
    await waitFor(() => handles[0]!.db.$signals.live(), 2_000, "the change signal to listen");
    expect((await on(0).articles.list({ limit: 1 })).articlesCount).toBe(before + 1);
  });
});
