import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startApp, type Running } from "./harness.ts";

/**
 * An outside RealWorld frontend: a page served from another origin (another port on 127.0.0.1)
 * that calls the API with `fetch`, as the Vue and Angular examples do. Nothing here intercepts a
 * request: Chromium itself sends every preflight and decides from the server's answer.
 */
let app: Running;
let outside: Server;
let page: Page;

beforeAll(async () => {
  outside = createServer((_req, res) =>
    res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>An outside frontend</title>"),
  );
  await new Promise<void>((resolve) => outside.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(outside.address() as AddressInfo).port}`;
  app = await startApp({ ALLOWED_ORIGINS: origin });
  page = await (await app.browser.newContext()).newPage();
  await page.goto(origin);
}, 120_000);
afterAll(async () => {
  await app?.stop();
  outside?.close();
});

/** A call from the outside page: its status and body, or the network error a blocked request gives. */
async function call(method: string, path: string, body?: unknown, token?: string) {
  return page.evaluate(
    async ({ url, method, body, token }) => {
      try {
        const res = await fetch(url, {
          method,
          headers: { "content-type": "application/json", ...(token ? { authorization: `Token ${token}` } : {}) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: res.status, body: res.status === 204 ? null : await res.json() };
      } catch (error) {
        return { status: 0, body: String(error) };
      }
    },
    { url: `${app.base}${path}`, method, body, token },
  );
}

describe("a RealWorld frontend on another origin", () => {
  it("signs up, edits and deletes articles, favorites and unfavorites, follows and unfollows, and changes settings", async () => {
    const writer = await call("POST", "/api/users", {
      user: { username: "outsider", email: "outsider@example.test", password: "password123" },
    });
    expect(writer.status).toBe(201);
    const reader = await call("POST", "/api/users", {
      user: { username: "reader", email: "reader@example.test", password: "password123" },
    });
    const [writerToken, readerToken] = [writer.body.user.token as string, reader.body.user.token as string];

    const created = await call(
      "POST",
      "/api/articles/",
      { article: { title: "From outside", description: "d", body: "b", tagList: ["cors"] } },
      writerToken,
    );
    expect(created.status).toBe(201);
    const slug = created.body.article.slug as string;
    const steps = {
      edit: await call("PUT", `/api/articles/${slug}`, { article: { body: "edited from outside" } }, writerToken),
      favorite: await call("POST", `/api/articles/${slug}/favorite`, undefined, readerToken),
      unfavorite: await call("DELETE", `/api/articles/${slug}/favorite`, undefined, readerToken),
      follow: await call("POST", "/api/profiles/outsider/follow", undefined, readerToken),
      unfollow: await call("DELETE", "/api/profiles/outsider/follow", undefined, readerToken),
      settings: await call("PUT", "/api/user", { user: { bio: "I live elsewhere" } }, writerToken),
      comment: await call("POST", `/api/articles/${slug}/comments`, { comment: { body: "from outside" } }, readerToken),
    };
    expect(Object.fromEntries(Object.entries(steps).map(([name, res]) => [name, res.status]))).toEqual({
      edit: 200,
      favorite: 200,
      unfavorite: 200,
      follow: 200,
      unfollow: 200,
      settings: 200,
      comment: 201,
    });
    expect([
      steps.edit.body.article.body,
      steps.unfavorite.body.article.favorited,
      steps.unfollow.body.profile.following,
      steps.settings.body.user.bio,
    ]).toEqual(["edited from outside", false, false, "I live elsewhere"]);

    expect((await call("DELETE", `/api/articles/${slug}/comments/${steps.comment.body.comment.id}`, undefined, readerToken)).status).toBe(
      204,
    );
    expect((await call("DELETE", `/api/articles/${slug}`, undefined, writerToken)).status).toBe(204);
    expect((await call("GET", `/api/articles/${slug}`)).status).toBe(404);
  });
});
