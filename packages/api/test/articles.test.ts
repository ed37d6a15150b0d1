import { describe, expect, it } from "vitest";
import { testProviders } from "@conduit/db/testing";
import { failure, useApi } from "./harness.ts";

const draft = (title: string, tagList?: string[]) => ({
  title,
  description: `about ${title}`,
  body: `# ${title}\n\nbody`,
  ...(tagList ? { tagList } : {}),
});

describe.each(await testProviders())("articles on %s", (provider) => {
  const api = useApi(provider);

  it("creates an article with a slug from its title and tags in the author's order", async () => {
    const { api: author } = await api.signUp("writer");
    const article = await author.articles.create(draft("How to Train Your Dragon!", ["zeta", "alpha", "zeta"]));
    expect(article.slug).toMatch(/^how-to-train-your-dragon-[a-z2-7]{8}$/);
    expect(article).toMatchObject({
      tagList: ["zeta", "alpha"],
      favorited: false,
      favoritesCount: 0,
      author: { username: "writer", following: false },
    });
    expect(article.body).toContain("# How to Train");
    expect(await api.anonymous().articles.get({ slug: article.slug })).toEqual(article);
  });

  it("lists an article published without tags with an empty tag list, and adds no tag", async () => {
    const { api: author, username } = await api.signUp();
    const before = await api.anonymous().tags.list();
    await author.articles.create(draft("Untagged"));
    const page = await api.anonymous().articles.list({ author: username });
    expect(page.articles.map((a) => a.tagList)).toEqual([[]]);
    expect(await api.anonymous().tags.list()).toEqual(before);
  });

  it("keeps a long title's slug to 80 characters before its suffix, with no dash left dangling, and names a title of symbols 'article'", async () => {
    const { api: author } = await api.signUp();
    // Sixteen "word-" make 80 characters, the last a dash: cut at 80, that dash goes too.
    const long = await author.articles.create(draft(`${"word ".repeat(16)}${"z".repeat(40)}`));
    expect(long.slug).toMatch(new RegExp(`^${"word-".repeat(15)}word-[a-z2-7]{8}$`));
    const symbols = await author.articles.create(draft("!!! ??? ***"));
    expect(symbols.slug).toMatch(/^article-[a-z2-7]{8}$/);
  });

  it("gives two articles with the same title different slugs", async () => {
    const { api: author } = await api.signUp();
    const a = await author.articles.create(draft("Same title"));
    const b = await author.articles.create(draft("Same title"));
    expect(a.slug).not.toBe(b.slug);
  });

  it("edits only the article named: the author's other articles stay as they were", async () => {
    const { api: author } = await api.signUp();
    const edited = await author.articles.create(draft("To be edited"));
    const untouched = await author.articles.create(draft("Left alone"));
    await author.articles.update({ slug: edited.slug, title: "Edited", body: "new body" });
    expect(await author.articles.get({ slug: untouched.slug })).toMatchObject({ title: "Left alone", body: untouched.body });
  });

  it("keeps the slug when the title changes, keeps tags when tagList is omitted, clears them with []", async () => {
    const { api: author } = await api.signUp();
    const created = await author.articles.create(draft("Original", ["a", "b"]));
    const renamed = await author.articles.update({ slug: created.slug, title: "Renamed", body: "new body" });
    expect(renamed).toMatchObject({ slug: created.slug, title: "Renamed", body: "new body", tagList: ["a", "b"] });
    expect(new Date(renamed.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(created.updatedAt).getTime());
    expect((await author.articles.update({ slug: created.slug, tagList: ["c", "a"] })).tagList).toEqual(["c", "a"]);
    expect((await author.articles.update({ slug: created.slug, tagList: [] })).tagList).toEqual([]);
  });

  it("lists newest first without bodies, filtered by tag, author and favoriter, with a total count", async () => {
    const { api: ann } = await api.signUp("ann");
    const { api: ben } = await api.signUp("ben");
    const first = await ann.articles.create(draft("Ann one", ["listtag"]));
    const second = await ann.articles.create(draft("Ann two"));
    await ben.articles.create(draft("Ben one", ["listtag"]));
    await ben.articles.favorite({ slug: first.slug });

    const byAnn = await api.anonymous().articles.list({ author: "ann" });
    expect(byAnn.articles.map((a) => a.slug)).toEqual([second.slug, first.slug]);
    expect(byAnn.articlesCount).toBe(2);
    expect(byAnn.articles[0]).not.toHaveProperty("body");

    const tagged = await api.anonymous().articles.list({ tag: "listtag" });
    expect(tagged.articles.map((a) => a.title)).toEqual(["Ben one", "Ann one"]);
    const favorited = await ben.articles.list({ favorited: "ben" });
    expect(favorited.articles.map((a) => [a.slug, a.favorited, a.favoritesCount])).toEqual([[first.slug, true, 1]]);
    expect((await api.anonymous().articles.list({ author: "nobody" })).articlesCount).toBe(0);
  });

  it("shows an article in a list exactly as on its own page, less the body, to strangers and followers alike", async () => {
    const { api: author, username } = await api.signUp("same");
    const { api: fan, username: fanName } = await api.signUp("fan");
    const { slug } = await author.articles.create(draft("Same everywhere", ["one", "two"]));
    // One author with a bio and an image, one without.
    await author.users.update({ bio: "I write", image: "https://example.test/same.png" });
    await fan.articles.create(draft("By a fan"));
    await fan.profiles.follow({ username });
    await fan.articles.favorite({ slug });
    for (const reader of [api.anonymous(), fan, author]) {
      for (const [name, written] of [
        [username, slug],
        [fanName, null],
      ] as const) {
        const listed = (await reader.articles.list({ author: name })).articles;
        const { body, ...alone } = await reader.articles.get({ slug: written ?? listed[0]!.slug });
        expect(body).toBeTruthy();
        expect(listed).toEqual([alone]);
      }
    }
    expect((await fan.articles.list({ author: username })).articles[0]).toMatchObject({
      favorited: true,
      favoritesCount: 1,
      author: { following: true },
    });
  });

  it("pages with limit and offset while the count stays the total", async () => {
    const { api: author, username } = await api.signUp("pager");
    const made = [];
    for (let i = 0; i < 5; i++) made.push((await author.articles.create(draft(`Page ${i}`))).slug);
    const page = await api.anonymous().articles.list({ author: username, limit: 2, offset: 2 });
    expect(page.articles.map((a) => a.slug)).toEqual([made[2], made[1]]);
    expect(page.articlesCount).toBe(5);
  });

  it("combines filters, and pages by cursor to the same articles as by offset", async () => {
    const { api: author } = await api.signUp("combo");
    const { api: other } = await api.signUp("combo2");
    const made = [];
    for (let i = 0; i < 4; i++) made.push((await author.articles.create(draft(`Combo ${i}`, ["combotag"]))).slug);
    await author.articles.create(draft("Combo untagged"));
    await other.articles.create(draft("Other tagged", ["combotag"]));
    const both = await api.anonymous().articles.list({ author: "combo", tag: "combotag", limit: 2 });
    expect([both.articlesCount, both.articles.map((a) => a.slug)]).toEqual([4, [made[3], made[2]]]);
    const byCursor = await api.anonymous().articles.list({ author: "combo", tag: "combotag", limit: 2, before: made[2] });
    const byOffset = await api.anonymous().articles.list({ author: "combo", tag: "combotag", limit: 2, offset: 2 });
    expect(byCursor).toEqual(byOffset);
    expect((await api.anonymous().articles.list({ tag: "combotag" })).articlesCount).toBe(5);
    // Three filters at once: every one of them holds.
    await other.articles.favorite({ slug: made[0]! });
    await other.articles.favorite({ slug: made[1]! });
    const three = await api.anonymous().articles.list({ author: "combo", tag: "combotag", favorited: "combo2" });
    expect([three.articlesCount, three.articles.map((a) => a.slug)]).toEqual([2, [made[1], made[0]]]);
  });

  it("counts an article once under a tag and an author, however many other tags it has", async () => {
    const { api: author } = await api.signUp("many-tags");
    await author.articles.create(draft("Tagged thrice", ["counted", "extra-one", "extra-two"]));
    await author.articles.create(draft("Tagged twice", ["counted", "extra-one"]));
    await author.articles.create(draft("Not under the tag", ["extra-one", "extra-two"]));
    const page = await api.anonymous().articles.list({ author: "many-tags", tag: "counted" });
    expect([page.articlesCount, page.articles.map((a) => a.title)]).toEqual([2, ["Tagged twice", "Tagged thrice"]]);
  });

  it("fills the feed with articles by the authors the caller follows, only", async () => {
    const { api: reader } = await api.signUp("reader");
    const { api: followed } = await api.signUp("followed");
    const { api: stranger } = await api.signUp("stranger");
    const wanted = await followed.articles.create(draft("From followed"));
    await stranger.articles.create(draft("From stranger"));
    expect((await reader.articles.feed({})).articlesCount).toBe(0);
    await reader.profiles.follow({ username: "followed" });
    const feed = await reader.articles.feed({});
    expect(feed.articles.map((a) => a.slug)).toEqual([wanted.slug]);
    expect(feed.articles[0]!.author.following).toBe(true);
  });

  it("totals the feed as its followed authors' articles, kept by the database whatever writes or removes them", async () => {
    const { api: reader } = await api.signUp("tallier");
    const { api: first, username: firstName } = await api.signUp();
    const { api: second, username: secondName } = await api.signUp();
    const { api: unfollowed } = await api.signUp();
    await reader.profiles.follow({ username: firstName });
    await reader.profiles.follow({ username: secondName });
    const a = await first.articles.create(draft("First's one"));
    await first.articles.create(draft("First's two"));
    await second.articles.create(draft("Second's one"));
    await unfollowed.articles.create(draft("Not in the feed"));
    expect((await reader.articles.feed({})).articlesCount).toBe(3);
    await first.articles.delete({ slug: a.slug });
    expect((await reader.articles.feed({})).articlesCount).toBe(2);
    // Written and moved behind the app's back (a script, Prisma Studio): the triggers still count.
    const [firstId, secondId] = await Promise.all(
      [firstName, secondName].map(async (username) => (await api.db.user.findUniqueOrThrow({ where: { username } })).id),
    );
    const direct = await api.db.article.create({
      data: { slug: `direct-${provider}`, title: "Direct", description: "d", body: "b", authorId: firstId! },
    });
    expect((await reader.articles.feed({})).articlesCount).toBe(3);
    await api.db.article.update({ where: { id: direct.id }, data: { authorId: secondId! } });
    const counts = await api.db.user.findMany({ where: { id: { in: [firstId!, secondId!] } }, select: { id: true, articleCount: true } });
    expect(counts.sort((x, y) => x.id - y.id).map((c) => c.articleCount)).toEqual([1, 2]);
    expect((await reader.articles.feed({})).articlesCount).toBe(3);
    await reader.profiles.unfollow({ username: secondName });
    expect((await reader.articles.feed({})).articlesCount).toBe(1);
  });

  it("marks as favorited, in lists and on its page, only the articles the reader favorited", async () => {
    const { api: author } = await api.signUp();
    const { api: reader } = await api.signUp();
    const liked = await author.articles.create(draft("Liked"));
    const passed = await author.articles.create(draft("Passed over"));
    await reader.articles.favorite({ slug: liked.slug });
    const page = await reader.articles.list({ limit: 2 });
    expect(page.articles.map((a) => [a.slug, a.favorited])).toEqual([
      [passed.slug, false],
      [liked.slug, true],
    ]);
    expect((await reader.articles.get({ slug: passed.slug })).favorited).toBe(false);
  });

  it("counts a favorite once however often, or however concurrently, it is made", async () => {
    const { api: author } = await api.signUp();
    const fan = await api.signUp();
    const { slug } = await author.articles.create(draft("Popular"));
    await Promise.all(Array.from({ length: 8 }, () => fan.api.articles.favorite({ slug })));
    await fan.api.articles.favorite({ slug });
    const seen = await api.caller(fan.token).articles.get({ slug });
    expect([seen.favorited, seen.favoritesCount]).toEqual([true, 1]);
    const after = await fan.api.articles.unfavorite({ slug });
    expect([after.favorited, after.favoritesCount]).toEqual([false, 0]);
  });

  it("takes back only the favorite of the article named: the reader's other favorites stay", async () => {
    const { api: author } = await api.signUp();
    const fan = await api.signUp();
    const [kept, dropped] = [await author.articles.create(draft("Still loved")), await author.articles.create(draft("Loved no more"))];
    await fan.api.articles.favorite({ slug: kept.slug });
    await fan.api.articles.favorite({ slug: dropped.slug });
    await fan.api.articles.unfavorite({ slug: dropped.slug });
    const still = await fan.api.articles.get({ slug: kept.slug });
    expect([still.favorited, still.favoritesCount]).toEqual([true, 1]);
  });

  it("takes back only the caller's own favorite when they unfavorite", async () => {
    const { api: author } = await api.signUp();
    const [fan, other] = [await api.signUp(), await api.signUp()];
    const { slug } = await author.articles.create(draft("Shared love"));
    await fan.api.articles.favorite({ slug });
    await other.api.articles.favorite({ slug });
    const after = await fan.api.articles.unfavorite({ slug });
    expect([after.favorited, after.favoritesCount]).toEqual([false, 1]);
    const seenByOther = await other.api.articles.get({ slug });
    expect([seenByOther.favorited, seenByOther.favoritesCount]).toEqual([true, 1]);
  });

  it("deletes an article with its comments and favorites", async () => {
    const { api: author } = await api.signUp();
    const { slug } = await author.articles.create(draft("Doomed", ["doomedtag"]));
    await author.comments.add({ slug, body: "first" });
    await author.articles.favorite({ slug });
    expect(await author.articles.delete({ slug })).toEqual({ deleted: true });
    expect((await failure(api.anonymous().articles.get({ slug }))).code).toBe("NOT_FOUND");
    expect(await api.db.comment.count({ where: { body: "first" } })).toBe(0);
  });

  it("answers NOT_FOUND for a slug that does not exist", async () => {
    const { api: user } = await api.signUp();
    const calls = [
      () => api.anonymous().articles.get({ slug: "nope" }),
      () => user.articles.favorite({ slug: "nope" }),
      () => user.articles.update({ slug: "nope", body: "x" }),
    ];
    for (const call of calls) expect((await failure(call())).code).toBe("NOT_FOUND");
  });

  it("lists every tag in use by name, and no tag whose articles are gone", async () => {
    const { api: author } = await api.signUp();
    await author.articles.create(draft("T1", ["zz-common", "aa-rare"]));
    const { slug } = await author.articles.create(draft("T2", ["zz-common", "mm-gone"]));
    await author.articles.delete({ slug });
    const tags = await api.anonymous().tags.list();
    expect(tags.indexOf("aa-rare")).toBeLessThan(tags.indexOf("zz-common"));
    expect(tags).not.toContain("mm-gone");
    expect(tags).toEqual([...tags].sort());
  });

  it("counts a new article in the global total at once", async () => {
    const before = (await api.anonymous().articles.list({ limit: 1 })).articlesCount;
    const { api: author } = await api.signUp();
    const { slug } = await author.articles.create(draft("Counted"));
    expect((await api.anonymous().articles.list({ limit: 1 })).articlesCount).toBe(before + 1);
    await author.articles.delete({ slug });
    expect((await api.anonymous().articles.list({ limit: 1 })).articlesCount).toBe(before);
  });

  it("counts an article under a tag at once when it is tagged, retagged and deleted", async () => {
    const tagged = async (tag: string) => (await api.anonymous().articles.list({ tag, limit: 1 })).articlesCount;
    expect([await tagged("counted-a"), await tagged("counted-b")]).toEqual([0, 0]);
    const { api: author } = await api.signUp();
    const { slug } = await author.articles.create(draft("Tagged", ["counted-a"]));
    expect([await tagged("counted-a"), await tagged("counted-b")]).toEqual([1, 0]);
    await author.articles.update({ slug, tagList: ["counted-b"] });
    expect([await tagged("counted-a"), await tagged("counted-b")]).toEqual([0, 1]);
    await author.articles.delete({ slug });
    expect([await tagged("counted-a"), await tagged("counted-b")]).toEqual([0, 0]);
  });
});
