import { describe, expect, it } from "vitest";
import { testProviders } from "@conduit/db/testing";
import { failure, useApi } from "./harness.ts";

describe.each(await testProviders())("profiles and comments on %s", (provider) => {
  const api = useApi(provider);

  it("shows a profile with `following` from the viewer's side", async () => {
    const { api: fan } = await api.signUp("fan");
    await api.signUp("star");
    expect(await api.anonymous().profiles.get({ username: "star" })).toEqual({
      username: "star",
      bio: null,
      image: null,
      following: false,
    });
    expect((await fan.profiles.follow({ username: "star" })).following).toBe(true);
    expect((await fan.profiles.follow({ username: "star" })).following).toBe(true);
    expect(await api.db.follow.count()).toBe(1);
    expect((await fan.profiles.get({ username: "star" })).following).toBe(true);
    expect((await fan.profiles.unfollow({ username: "star" })).following).toBe(false);
    expect((await failure(fan.profiles.get({ username: "ghost" }))).code).toBe("NOT_FOUND");
    expect((await failure(fan.profiles.follow({ username: "fan" }))).code).toBe("BAD_REQUEST");
  });

  it("adds comments, lists them oldest first, and lets only their author delete them", async () => {
    const { api: author } = await api.signUp("poster");
    const { api: other } = await api.signUp("commenter");
    const { slug } = await author.articles.create({ title: "Talk", description: "d", body: "b" });
    const c1 = await other.comments.add({ slug, body: "first!" });
    const c2 = await author.comments.add({ slug, body: "thanks" });
    expect(c1).toMatchObject({ body: "first!", author: { username: "commenter" } });
    expect((await api.anonymous().comments.list({ slug })).map((c) => c.id)).toEqual([c1.id, c2.id]);
    expect((await failure(author.comments.delete({ slug, id: c1.id }))).code).toBe("FORBIDDEN");
    expect(await other.comments.delete({ slug, id: c1.id })).toEqual({ deleted: true });
    expect((await api.anonymous().comments.list({ slug })).map((c) => c.id)).toEqual([c2.id]);
    expect((await failure(other.comments.delete({ slug, id: 999_999 }))).code).toBe("NOT_FOUND");
    expect((await failure(other.comments.add({ slug: "nope", body: "x" }))).code).toBe("NOT_FOUND");
  });

  it("unfollows only the caller's follow of that user, leaving everyone else's", async () => {
    const { api: leaving } = await api.signUp("leaving");
    const { api: staying } = await api.signUp("staying");
    await api.signUp("idol");
    await api.signUp("other-idol");
    await leaving.profiles.follow({ username: "idol" });
    await leaving.profiles.follow({ username: "other-idol" });
    await staying.profiles.follow({ username: "idol" });
    await leaving.profiles.unfollow({ username: "idol" });
    expect((await staying.profiles.get({ username: "idol" })).following).toBe(true);
    expect((await leaving.profiles.get({ username: "other-idol" })).following).toBe(true);
    expect((await leaving.profiles.get({ username: "idol" })).following).toBe(false);
  });

  it("deletes a comment only through its own article: another article's slug is 404 and the comment stays", async () => {
    const { api: author } = await api.signUp("misaddressed");
    const { slug: home } = await author.articles.create({ title: "Its home", description: "d", body: "b" });
    const { slug: elsewhere } = await author.articles.create({ title: "Elsewhere", description: "d", body: "b" });
    const comment = await author.comments.add({ slug: home, body: "lives here" });
    expect((await failure(author.comments.delete({ slug: elsewhere, id: comment.id }))).code).toBe("NOT_FOUND");
    expect((await api.anonymous().comments.list({ slug: home })).map((c) => c.body)).toEqual(["lives here"]);
  });

  it("deletes only the comment named: the author's other comments on the article stay", async () => {
    const { api: author } = await api.signUp("two-remarks");
    const { slug } = await author.articles.create({ title: "Remarked", description: "d", body: "b" });
    const first = await author.comments.add({ slug, body: "first remark" });
    await author.comments.add({ slug, body: "second remark" });
    await author.comments.delete({ slug, id: first.id });
    expect((await api.anonymous().comments.list({ slug })).map((c) => c.body)).toEqual(["second remark"]);
  });

  it("lists an article's own comments only, oldest first", async () => {
    const { api: author } = await api.signUp("two-threads");
    const { slug: first } = await author.articles.create({ title: "Thread one", description: "d", body: "b" });
    const { slug: second } = await author.articles.create({ title: "Thread two", description: "d", body: "b" });
    for (const body of ["a1", "a2"]) await author.comments.add({ slug: first, body });
    await author.comments.add({ slug: second, body: "b1" });
    await author.comments.add({ slug: first, body: "a3" });
    expect((await api.anonymous().comments.list({ slug: first })).map((c) => c.body)).toEqual(["a1", "a2", "a3"]);
    expect((await api.anonymous().comments.list({ slug: second })).map((c) => c.body)).toEqual(["b1"]);
  });
});
