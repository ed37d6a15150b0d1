import { describe, expect, it } from "vitest";
import { testProviders } from "@conduit/db/testing";
import { failure, useApi } from "./harness.ts";
import { fieldErrorsOf } from "../src/shared/field-errors-of.ts";

describe.each(await testProviders())("input validation on %s", (provider) => {
  const api = useApi(provider);

  const bad = async (call: Promise<unknown>) => {
    const error = await failure(call);
    return { code: error.code, fields: fieldErrorsOf(error) };
  };

  it("rejects empty, too long, mistyped and unknown fields with BAD_REQUEST and field messages, writing nothing", async () => {
    const anon = api.anonymous();
    expect(await bad(anon.users.register({ username: "", email: "e@x.test", password: "password123" }))).toEqual({
      code: "BAD_REQUEST",
      fields: { username: ["can't be blank"] },
    });
    expect(await bad(anon.users.register({ username: "u".repeat(41), email: "e@x.test", password: "password123" }))).toMatchObject({
      fields: { username: [expect.stringMatching(/too long/)] },
    });
    expect(await bad(anon.users.register({ username: "ok", email: "not-an-email", password: "password123" }))).toMatchObject({
      fields: { email: ["is invalid"] },
    });
    expect(await bad(anon.users.register({ username: "ok", email: "e@x.test", password: "short" }))).toMatchObject({
      fields: { password: [expect.stringMatching(/too short/)] },
    });
    // @ts-expect-error: a number where a string belongs
    expect((await bad(anon.users.register({ username: 42, email: "e@x.test", password: "password123" }))).code).toBe("BAD_REQUEST");
    // @ts-expect-error: a field the procedure does not know
    expect((await bad(anon.users.register({ username: "ok", email: "e@x.test", password: "password123", admin: true }))).code).toBe(
      "BAD_REQUEST",
    );
    expect(await api.db.user.count()).toBe(0);

    const { api: author } = await api.signUp("validator");
    expect(await bad(author.articles.create({ title: " ", description: "d", body: "b" }))).toEqual({
      code: "BAD_REQUEST",
      fields: { title: ["can't be blank"] },
    });
    expect(
      (
        await bad(
          author.articles.create({ title: "t", description: "d", body: "b", tagList: Array.from({ length: 11 }, (_, i) => `t${i}`) }),
        )
      ).fields,
    ).toHaveProperty("tagList");
    expect((await bad(author.articles.create({ title: "t", description: "d", body: "x".repeat(100_001) }))).fields).toHaveProperty("body");
    // @ts-expect-error: tagList may be omitted or a list, not null
    expect((await bad(author.articles.update({ slug: "whatever", tagList: null }))).code).toBe("BAD_REQUEST");
    expect((await bad(author.articles.list({ limit: 101 }))).fields).toHaveProperty("limit");
    expect((await bad(author.articles.list({ offset: -1 }))).fields).toHaveProperty("offset");
    expect(await bad(author.users.update({ password: "" }))).toMatchObject({ fields: { password: ["can't be blank"] } });
    expect(await bad(author.users.update({ email: "" }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await api.db.article.count()).toBe(0);
  });
});
