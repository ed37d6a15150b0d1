import { describe, expect, it } from "vitest";
import { testProviders } from "@conduit/db/testing";
import { useApi } from "./harness.ts";

describe.each(await testProviders())("list procedures on %s", (provider) => {
  const api = useApi(provider);

  it("run the same number of SQL queries for a page of 1 and a page of 50 (no N+1)", async () => {
    const reader = await api.signUp("counter");
    const { api: author } = await api.signUp("prolific");
    await reader.api.profiles.follow({ username: "prolific" });
    for (let i = 0; i < 50; i++) {
      const { slug } = await author.articles.create({ title: `Post ${i}`, description: "d", body: "b", tagList: [`tag${i % 5}`, "all"] });
      if (i % 2) await reader.api.articles.favorite({ slug });
      if (i % 3 === 0) await author.comments.add({ slug, body: `c${i}` });
    }
    const firstSlug = (await api.anonymous().articles.list({ limit: 1, offset: 49 })).articles[0]!.slug;
    // Cached totals are used only while change signals are live, and are dropped when the
    // writes' own signals come back (PostgreSQL NOTIFY, asynchronously): let both settle, so
    // that both page sizes are measured under the same conditions.
    for (const started = Date.now(); !api.db.$signals.live() && Date.now() - started < 5_000;) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300));

    const count = async (run: () => Promise<unknown>) => {
      const caller = api.caller(reader.token);
      await caller.users.me(); // resolve the session outside the measurement
      await run.call(null); // and fill the cached totals (article-caches.ts), whichever size runs first
      api.queries.length = 0;
      await run.call(null);
      return api.queries.length;
    };
    const listed: Record<string, [number, number]> = {};
    for (const [name, run] of Object.entries({
      "articles.list": (limit: number) => api.caller(reader.token).articles.list({ limit }),
      "articles.list tag": (limit: number) => api.caller(reader.token).articles.list({ limit, tag: "all" }),
      "articles.list favorited": (limit: number) => api.caller(reader.token).articles.list({ limit, favorited: "counter" }),
      "articles.feed": (limit: number) => api.caller(reader.token).articles.feed({ limit }),
      "comments.list": () => api.caller(reader.token).comments.list({ slug: firstSlug }),
      "tags.list": () => api.caller(reader.token).tags.list(),
    })) {
      listed[name] = [await count(() => run(1)), await count(() => run(50))];
    }
    console.log("queries per call (page of 1, page of 50):", JSON.stringify(listed));
    for (const [name, [one, fifty]] of Object.entries(listed)) {
      expect({ name, fifty }).toEqual({ name, fifty: one });
      expect(one).toBeLessThanOrEqual(10);
    }
  });
});
