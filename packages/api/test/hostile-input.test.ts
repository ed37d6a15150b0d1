import { describe, expect, it } from "vitest";
import { testProviders } from "@conduit/db/testing";
import { failure, useApi } from "./harness.ts";
import { fieldErrorsOf } from "../src/shared/field-errors-of.ts";
import { constraintError } from "../src/shared/constraint-errors.ts";

const unstorable = { nul: "abc\u0000def", "a lone surrogate": "abc\ud800def" };

describe.each(await testProviders())("text a database cannot store, on %s", (provider) => {
  const api = useApi(provider);
  const refusal = async (call: Promise<unknown>) => {
    const error = await failure(call);
    return { code: error.code, fields: Object.keys(fieldErrorsOf(error) ?? {}) };
  };

  it.each(Object.entries(unstorable))("refuses %s in any field with BAD_REQUEST naming the field, and stores nothing", async (_, text) => {
    const anon = api.anonymous();
    expect(await refusal(anon.users.register({ username: "someone", email: `a${text}@x.test`, password: "password123" }))).toEqual({
      code: "BAD_REQUEST",
      fields: ["email"],
    });
    expect(await refusal(anon.users.login({ email: "a@x.test", password: `pass${text}word` }))).toEqual({
      code: "BAD_REQUEST",
      fields: ["password"],
    });
    expect(await refusal(anon.profiles.get({ username: text }))).toEqual({ code: "BAD_REQUEST", fields: ["username"] });
    expect(await refusal(anon.articles.get({ slug: text }))).toEqual({ code: "BAD_REQUEST", fields: ["slug"] });
    // A field's name, or an input that is a bare string, is the input's fault as a whole.
    expect(await refusal(anon.articles.get({ [`slug${text}`]: "kept" } as never))).toEqual({ code: "BAD_REQUEST", fields: ["input"] });
    expect(await refusal(anon.articles.get(text as never))).toEqual({ code: "BAD_REQUEST", fields: ["input"] });
    expect((await failure(anon.articles.get({ slug: text }))).message).toBe(
      "slug contains a character that cannot be stored (NUL or an unpaired surrogate)",
    );
    for (const filter of ["tag", "author", "favorited", "before"] as const) {
      expect(await refusal(anon.articles.list({ [filter]: text }))).toEqual({ code: "BAD_REQUEST", fields: [filter] });
    }

    const { api: author } = await api.signUp();
    for (const field of ["title", "description", "body"] as const) {
      expect(await refusal(author.articles.create({ title: "t", description: "d", body: "b", [field]: text }))).toEqual({
        code: "BAD_REQUEST",
        fields: [field],
      });
    }
    expect(await refusal(author.articles.create({ title: "t", description: "d", body: "b", tagList: ["fine", text] }))).toEqual({
      code: "BAD_REQUEST",
      fields: ["tagList.1"],
    });
    expect(await refusal(author.users.update({ bio: text }))).toEqual({ code: "BAD_REQUEST", fields: ["bio"] });

    const { slug } = await author.articles.create({ title: "Kept", description: "d", body: "b" });
    expect(await refusal(author.articles.update({ slug, body: text }))).toEqual({ code: "BAD_REQUEST", fields: ["body"] });
    expect(await refusal(author.comments.add({ slug, body: text }))).toEqual({ code: "BAD_REQUEST", fields: ["body"] });

    expect(await api.db.article.findMany({ select: { body: true } })).toEqual([{ body: "b" }]);
    expect(await api.db.comment.count()).toBe(0);
    expect(await api.db.user.count({ where: { username: "someone" } })).toBe(0);
    await api.db.article.deleteMany();
  });

  it("accepts text that only looks unusual: emoji, other scripts, control characters a database stores", async () => {
    const { api: author } = await api.signUp();
    const body = "🐉 drachen — 龍\tline\r\nend\u0007";
    const article = await author.articles.create({ title: "Unicode", description: "d", body, tagList: ["日本語"] });
    expect((await author.articles.get({ slug: article.slug })).body).toBe(body);
    expect(article.tagList).toEqual(["日本語"]);
  });
});

describe.each(await testProviders())("unique-constraint races on %s", (provider) => {
  const api = useApi(provider);
  const at = (n: number) => Array.from({ length: n }, (_, i) => i);

  it("creates every article when several introduce the same new tag at the same moment", async () => {
    const authors = await Promise.all(at(4).map(() => api.signUp()));
    const results = await Promise.allSettled(
      at(8).map((i) =>
        authors[i % 4]!.api.articles.create({ title: `Race ${i}`, description: "d", body: "b", tagList: ["brand-new", `own-${i}`] }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(at(8).map(() => "fulfilled"));
    expect(await api.db.tag.count({ where: { name: "brand-new" } })).toBe(1);
    expect((await api.anonymous().articles.list({ tag: "brand-new" })).articlesCount).toBe(8);
  });

  it("registers one of several simultaneous sign-ups with the same username and tells the rest the username is taken", async () => {
    const results = await Promise.allSettled(
      at(6).map((i) => api.anonymous().users.register({ username: "samename", email: `same${i}@x.test`, password: "password123" })),
    );
    const answers = results
      .map((r) => (r.status === "fulfilled" ? "OK" : `${(r.reason as { code: string }).code}: ${(r.reason as Error).message}`))
      .sort();
    expect(answers).toEqual([...at(5).map(() => "CONFLICT: username has already been taken"), "OK"]);
    expect(await api.db.user.count({ where: { username: "samename" } })).toBe(1);
  });

  it("counts one favorite and one follow when the same user sends them many times at once", async () => {
    const { api: author, username } = await api.signUp();
    const { slug } = await author.articles.create({ title: "Liked", description: "d", body: "b" });
    const fan = await api.signUp();
    const favorites = await Promise.allSettled(at(6).map(() => fan.api.articles.favorite({ slug })));
    const follows = await Promise.allSettled(at(6).map(() => fan.api.profiles.follow({ username })));
    expect([...favorites, ...follows].every((r) => r.status === "fulfilled")).toBe(true);
    expect((await fan.api.articles.get({ slug })).favoritesCount).toBe(1);
    expect(await api.db.follow.count({ where: { followed: { username } } })).toBe(1);
  });

  it("answers a comment or favorite on an article deleted meanwhile with NOT_FOUND, not a server error", async () => {
    const { api: author } = await api.signUp();
    const reader = await api.signUp();
    for (let round = 0; round < 5; round++) {
      const { slug } = await author.articles.create({ title: `Doomed ${round}`, description: "d", body: "b" });
      const results = await Promise.allSettled([
        author.articles.delete({ slug }),
        reader.api.comments.add({ slug, body: "late" }),
        reader.api.articles.favorite({ slug }),
      ]);
      const codes = results.slice(1).map((r) => (r.status === "fulfilled" ? "OK" : (r.reason as { code: string }).code));
      for (const code of codes) expect(["OK", "NOT_FOUND"]).toContain(code);
    }
  });
});

describe.each(await testProviders())("a constraint's refusal that no procedure foresaw, on %s", (provider) => {
  const api = useApi(provider);
  const answerTo = async (write: Promise<unknown>) => {
    const error = await write.then(
      () => null,
      (e: unknown) => e,
    );
    const mapped = constraintError(error);
    return mapped && { code: mapped.code, fieldErrors: fieldErrorsOf(mapped) };
  };

  it("is NOT_FOUND when the write refers to, or targets, a row gone meanwhile, and CONFLICT naming the field for a duplicate", async () => {
    const { username } = await api.signUp();
    const author = await api.db.user.findUniqueOrThrow({ where: { username }, select: { id: true } });
    expect(await answerTo(api.db.comment.create({ data: { body: "late", articleId: 2_000_000_000, authorId: author.id } }))).toEqual({
      code: "NOT_FOUND",
      fieldErrors: { record: ["refers to something that no longer exists"] },
    });
    await api.db.tag.create({ data: { name: "once" } });
    expect(await answerTo(api.db.tag.create({ data: { name: "once" } }))).toEqual({
      code: "CONFLICT",
      fieldErrors: { name: ["has already been taken"] },
    });
    // An update or delete by key of a row another request deleted first.
    expect(await answerTo(api.db.tag.delete({ where: { name: "never-made" } }))).toEqual({
      code: "NOT_FOUND",
      fieldErrors: { record: ["not found"] },
    });
    expect(await answerTo(api.db.user.update({ where: { id: 2_000_000_000 }, data: { bio: "x" } }))).toEqual({
      code: "NOT_FOUND",
      fieldErrors: { record: ["not found"] },
    });
    // Any other failure is not a constraint's: it stays a server error.
    expect(await answerTo(api.db.$executeRawUnsafe("SELECT * FROM no_such_table"))).toBeNull();
  });
});
