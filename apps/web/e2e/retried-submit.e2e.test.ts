import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page, Request, Route } from "playwright-core";
import { fillEditor, person, signUp, startApp, type Running } from "./harness.ts";

/**
 * A dropped connection after the server committed: the browser sees a network error although
 * the article or comment exists. The person submits again, as anyone would.
 */
let app: Running;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  page = (await person(app)).page;
  await signUp(page, "retrier");
}, 120_000);
afterAll(() => app?.stop());

/** Lets the first call of a procedure reach the server, then cuts its answer; later calls pass. */
async function cutFirstAnswer(procedure: string) {
  const requests: Request[] = [];
  const replayed: string[] = [];
  await page.route(`**/trpc/${procedure}*`, async (route: Route) => {
    requests.push(route.request());
    if (requests.length === 1) {
      await route.fetch();
      return route.abort("connectionreset");
    }
    const response = await route.fetch();
    replayed.push(response.headers()["idempotent-replayed"] ?? "no");
    return route.fulfill({ response });
  });
  return { requests, replayed, keys: () => Promise.all(requests.map((r) => r.headerValue("idempotency-key"))) };
}

async function rest(path: string) {
  return (await fetch(`${app.base}/api${path}`)).json() as Promise<Record<string, unknown>>;
}

const commentBodies = (body: Record<string, unknown>) => (body.comments as { body: string }[]).map((c) => c.body);

describe("a create retried after its answer was lost", () => {
  it("publishes the article once: the second submit gets the first one's answer", async () => {
    const create = await cutFirstAnswer("articles.create");
    await page.goto("/editor");
    await fillEditor(page, { title: "Retried dragons", description: "Sent twice", body: "Once is enough." });
    await page.getByRole("button", { name: "Publish Article" }).click();
    await page.getByText("The server could not be reached").waitFor();

    await page.getByRole("button", { name: "Publish Article" }).click();
    await page.getByRole("heading", { name: "Retried dragons" }).waitFor();
    const [first, second] = await create.keys();
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(second).toBe(first);
    expect(create.replayed).toEqual(["true"]);
    expect((await rest("/articles?author=retrier")).articlesCount).toBe(1);
  });

  it("posts the comment once, and the same words posted again afterwards are a second comment", async () => {
    const slug = page.url().split("/article/")[1]!;
    const add = await cutFirstAnswer("comments.add");
    await page.getByLabel("Write a comment").fill("Only once");
    await page.getByRole("button", { name: "Post Comment" }).click();
    await page.getByText("The server could not be reached").waitFor();
    await page.getByRole("button", { name: "Post Comment" }).click();
    await page.getByRole("listitem").filter({ hasText: "Only once" }).waitFor();
    expect(commentBodies(await rest(`/articles/${slug}/comments`))).toEqual(["Only once"]);

    // Typed again once the form has cleared after the first comment, as a person would.
    await expect.poll(() => page.getByLabel("Write a comment").inputValue()).toBe("");
    await page.getByLabel("Write a comment").fill("Only once");
    await page.getByRole("button", { name: "Post Comment" }).click();
    await expect
      .poll(async () => commentBodies(await rest(`/articles/${slug}/comments`)), { timeout: 10_000 })
      .toEqual(["Only once", "Only once"]);
    const keys = await add.keys();
    expect(keys).toHaveLength(3);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });
});
