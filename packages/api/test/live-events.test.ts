import { describe, expect, it } from "vitest";
import { testProviders } from "@conduit/db/testing";
import { useApi } from "./harness.ts";

describe.each(await testProviders())("the events changes write, on %s", (provider) => {
  const api = useApi(provider);
  const favoriteEvents = async (articleId: number) =>
    (await api.db.event.findMany({ where: { kind: "article.favorites", articleId }, orderBy: { id: "asc" } })).map(
      (e) => (JSON.parse(e.data) as { favoritesCount: number }).favoritesCount,
    );

  it("ends with the true favorite count when many readers favorite and unfavorite at once", async () => {
    const { api: author } = await api.signUp();
    const { slug } = await author.articles.create({ title: "Popular", description: "d", body: "b" });
    const { slug: elsewhere } = await author.articles.create({ title: "Also liked", description: "d", body: "b" });
    await author.articles.favorite({ slug: elsewhere }); // counted there, never here
    const fans = await Promise.all(Array.from({ length: 12 }, () => api.signUp()));
    await Promise.all(fans.map((f) => f.api.articles.favorite({ slug })));
    await Promise.all(fans.slice(0, 5).map((f) => f.api.articles.unfavorite({ slug })));
    const { id } = await api.db.article.findUniqueOrThrow({ where: { slug }, select: { id: true } });
    const counts = await favoriteEvents(id);
    expect(counts).toHaveLength(17);
    // Each event counts the favorites as of its own commit: the last one is the final count.
    expect(counts.at(-1)).toBe(7);
    expect(counts.slice(0, 12)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it("writes no event for a favorite, follow or unfollow that changes nothing", async () => {
    const { api: author, username } = await api.signUp();
    const { api: reader } = await api.signUp();
    const { slug } = await author.articles.create({ title: "Once", description: "d", body: "b" });
    const before = (await api.db.event.findFirst({ orderBy: { id: "desc" } }))?.id ?? 0n;
    await reader.articles.unfavorite({ slug });
    await reader.articles.favorite({ slug });
    await reader.articles.favorite({ slug });
    await reader.profiles.unfollow({ username: username });
    await reader.profiles.follow({ username: username });
    await reader.profiles.follow({ username: username });
    expect((await api.db.event.findMany({ where: { id: { gt: before } }, orderBy: { id: "asc" } })).map((e) => e.kind)).toEqual([
      "article.favorites",
      "user.followed",
    ]);
  });
});
