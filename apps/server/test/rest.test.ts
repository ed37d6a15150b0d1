import { describe, expect, it } from "vitest";
import { testProviders } from "@conduit/db/testing";
import { useServer } from "./harness.ts";

describe.each(await testProviders())("the REST surface on %s", (provider) => {
  const server = useServer(provider);
  const auth = (token: string) => ({ authorization: `Token ${token}` });

  it("creates with 201, reads with 200 and deletes with 204, wrapped as the spec has it", async () => {
    const token = await server.register("rest");
    const created = await server.app.inject({
      method: "POST",
      url: "/api/articles",
      headers: auth(token),
      payload: { article: { title: "Hello", description: "d", body: "b", tagList: ["x"] } },
    });
    expect(created.statusCode).toBe(201);
    const { slug } = created.json().article;
    const read = await server.app.inject({ url: `/api/articles/${slug}` });
    expect(read.json().article).toMatchObject({ slug, body: "b", tagList: ["x"], author: { username: "rest" } });
    const list = await server.app.inject({ url: "/api/articles?author=rest&limit=5" });
    expect(list.json()).toMatchObject({ articlesCount: 1, articles: [{ slug }] });
    expect(list.json().articles[0]).not.toHaveProperty("body");
    expect((await server.app.inject({ method: "DELETE", url: `/api/articles/${slug}`, headers: auth(token) })).statusCode).toBe(204);
    expect((await server.app.inject({ url: `/api/articles/${slug}` })).statusCode).toBe(404);
  });

  it("wraps each answer under the spec's key: user, profile, article, tags", async () => {
    const token = await server.register("wrapped");
    const { slug } = (
      await server.app.inject({
        method: "POST",
        url: "/api/articles",
        headers: auth(token),
        payload: { article: { title: "w", description: "d", body: "b", tagList: ["wrap"] } },
      })
    ).json().article;
    expect((await server.app.inject({ url: "/api/user", headers: auth(token) })).json()).toEqual({
      user: expect.objectContaining({ username: "wrapped", token }),
    });
    expect((await server.app.inject({ url: "/api/profiles/wrapped" })).json()).toEqual({
      profile: expect.objectContaining({ username: "wrapped", following: false }),
    });
    expect((await server.app.inject({ method: "POST", url: `/api/articles/${slug}/favorite`, headers: auth(token) })).json()).toEqual({
      article: expect.objectContaining({ slug, favorited: true, favoritesCount: 1 }),
    });
    expect((await server.app.inject({ url: "/api/tags" })).json()).toEqual({ tags: expect.arrayContaining(["wrap"]) });
  });

  it("answers 401, 403, 404, 409 and 422 with RealWorld's error body", async () => {
    const owner = await server.register("erro");
    const other = await server.register("errother");
    const { slug } = (
      await server.app.inject({
        method: "POST",
        url: "/api/articles",
        headers: auth(owner),
        payload: { article: { title: "t", description: "d", body: "b" } },
      })
    ).json().article;
    const { comment } = (
      await server.app.inject({
        method: "POST",
        url: `/api/articles/${slug}/comments`,
        headers: auth(owner),
        payload: { comment: { body: "mine" } },
      })
    ).json();
    const cases = [
      [await server.app.inject({ url: "/api/user" }), 401, { token: ["is missing"] }],
      [await server.app.inject({ url: "/api/user", headers: auth("bogus.token") }), 401, { token: ["is invalid or expired"] }],
      [
        await server.app.inject({ method: "PUT", url: `/api/articles/${slug}`, headers: auth(other), payload: { article: { body: "x" } } }),
        403,
        { article: ["forbidden"] },
      ],
      [await server.app.inject({ url: "/api/profiles/nobody-here" }), 404, { profile: ["not found"] }],
      [
        await server.app.inject({ method: "POST", url: "/api/profiles/nobody-here/follow", headers: auth(owner) }),
        404,
        { profile: ["not found"] },
      ],
      [
        await server.app.inject({ method: "POST", url: "/api/profiles/erro/follow", headers: auth(owner) }),
        422,
        { profile: ["cannot follow yourself"] },
      ],
      [await server.app.inject({ url: "/api/articles/no-such-article" }), 404, { article: ["not found"] }],
      [
        await server.app.inject({
          method: "PUT",
          url: "/api/articles/no-such-article",
          headers: auth(owner),
          payload: { article: { body: "x" } },
        }),
        404,
        { article: ["not found"] },
      ],
      [
        await server.app.inject({ method: "POST", url: "/api/articles/no-such-article/favorite", headers: auth(owner) }),
        404,
        { article: ["not found"] },
      ],
      [await server.app.inject({ url: "/api/articles/no-such-article/comments" }), 404, { article: ["not found"] }],
      [
        await server.app.inject({ method: "DELETE", url: `/api/articles/${slug}/comments/${comment.id}`, headers: auth(other) }),
        403,
        { comment: ["forbidden"] },
      ],
      [
        await server.app.inject({ method: "DELETE", url: `/api/articles/${slug}/comments/999999`, headers: auth(owner) }),
        404,
        { comment: ["not found"] },
      ],
      [
        await server.app.inject({
          method: "POST",
          url: "/api/users/login",
          payload: { user: { email: "erro@example.test", password: "wrong-password" } },
        }),
        401,
        { credentials: ["invalid"] },
      ],
      [
        await server.app.inject({
          method: "POST",
          url: "/api/users",
          payload: { user: { username: "erro", email: "new@x.test", password: "password123" } },
        }),
        409,
        { username: ["has already been taken"] },
      ],
      [
        await server.app.inject({
          method: "POST",
          url: "/api/articles",
          headers: auth(owner),
          payload: { article: { title: "", description: "d", body: "b" } },
        }),
        422,
        { title: ["can't be blank"] },
      ],
      [
        await server.app.inject({ method: "POST", url: "/api/articles", headers: auth(owner), payload: { nothing: 1 } }),
        422,
        { article: ["can't be blank"] },
      ],
      [await server.app.inject({ url: "/api/articles?limit=100000" }), 422, { limit: [expect.any(String)] }],
    ] as const;
    for (const [res, status, errors] of cases) expect([res.statusCode, res.json()]).toEqual([status, { errors }]);
  });

  it("serves an OpenAPI document built from the procedures, and a browsable reference", async () => {
    const doc = (await server.app.inject({ url: "/api/openapi.json" })).json();
    expect(doc.openapi).toBe("3.1.0");
    const create = doc.paths["/api/articles"].post;
    expect(create.requestBody.content["application/json"].schema.properties.article.required).toEqual(
      expect.arrayContaining(["title", "description", "body"]),
    );
    expect(create.responses["201"].content["application/json"].schema.properties.article.properties).toHaveProperty("favoritesCount");
    expect(Object.keys(doc.paths)).toHaveLength(12);
    // With or without its slash, one page, whose files are named from the root.
    expect((await server.app.inject({ url: "/docs" })).body).toBe((await server.app.inject({ url: "/docs/" })).body);
    const docs = await server.app.inject({ url: "/docs/" });
    expect([docs.statusCode, docs.headers["content-type"], docs.headers["cache-control"]]).toEqual([
      200,
      "text/html; charset=utf-8",
      "no-cache",
    ]);
    // The reference's own policy: scripts from the server only, and nothing from other origins.
    expect(docs.headers["content-security-policy"]).toContain("script-src 'self';");
    expect(docs.headers["content-security-policy"]).toContain("connect-src 'self'");
    expect(docs.headers["content-security-policy"]).not.toContain("https:");
    const init = await server.app.inject({ url: "/docs/init.js" });
    expect([init.headers["content-type"], init.headers["cache-control"]]).toEqual(["text/javascript; charset=utf-8", "no-cache"]);
    expect(init.body).toContain('"/api/openapi.json"');
    for (const file of docs.body.match(/(?<=(src|href)=")\/docs\/[^"]+/g)!) {
      expect([file, (await server.app.inject({ url: file })).statusCode]).toEqual([file, 200]);
    }
    // Only the two files the page loads are served from the Swagger UI package.
    expect((await server.app.inject({ url: "/docs/index.html" })).statusCode).toBe(404);
  });
});

describe("REST request bodies", () => {
  const server = useServer("sqlite");

  it("treat an empty JSON body as no input, so a bodiless favorite succeeds", async () => {
    const token = await server.register("emptybody");
    const slug = await server.createArticle(token);
    const res = await server.app.inject({
      method: "POST",
      url: `/api/articles/${slug}/favorite`,
      headers: { authorization: `Token ${token}`, "content-type": "application/json" },
      payload: "",
    });
    expect([res.statusCode, res.json().article.favoritesCount]).toEqual([200, 1]);
  });

  it("still refuse a prototype-poisoning body", async () => {
    const res = await server.app.inject({
      method: "POST",
      url: "/api/users",
      headers: { "content-type": "application/json" },
      payload: '{"user":{"__proto__":{"admin":true}}}',
    });
    expect(res.statusCode).toBe(400);
  });
});
