import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter, createContextInner } from "@conduit/api";
import { createTestDatabase, type TestDatabase } from "@conduit/db/testing";
import { retryHeaders } from "../src/http/errors.ts";
import { answerQueries, queryCalls } from "../src/trpc/query-calls.ts";
import { appDepsOf } from "../src/app-deps.ts";
import { loadConfig } from "../src/config.ts";

const maxBatchSize = 10;
const responseMeta = ({ errors }: { errors: Parameters<typeof retryHeaders>[0] }) => ({ headers: retryHeaders(errors) });

/**
 * GET queries skip tRPC's fetch Request/Response round trip (trpc/query-calls.ts); whatever is
 * asked, the answer must be the one tRPC's own handler gives, to the byte.
 */
describe("GET queries answered without the fetch round trip", () => {
  let database: TestDatabase;
  let token: string;
  let slug: string;
  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    const anonymous = appRouter.createCaller(createContextInner(appDepsOf(loadConfig({}), database.db)));
    ({ token } = await anonymous.users.register({ username: "asker", email: "asker@example.test", password: "password123" }));
    const author = appRouter.createCaller(createContextInner(appDepsOf(loadConfig({}), database.db), { token }));
    ({ slug } = await author.articles.create({ title: "Asked about", description: "d", body: "b", tagList: ["q"] }));
  });
  afterAll(() => database?.drop());

  async function bothWays(url: string, signedIn = false) {
    const ctx = () => createContextInner(appDepsOf(loadConfig({}), database.db), { token: signedIn ? token : null });
    const parsed = new URL(url, "http://conduit.test/trpc/");
    const path = decodeURIComponent(parsed.pathname.slice("/trpc/".length));
    const trpc = await fetchRequestHandler({
      endpoint: "/trpc",
      req: new Request(parsed),
      router: appRouter,
      maxBatchSize,
      responseMeta,
      createContext: ctx,
    });
    const theirs = { status: trpc.status, body: await trpc.text(), type: trpc.headers.get("content-type"), vary: trpc.headers.get("vary") };
    const calls = queryCalls(appRouter, path, Object.fromEntries(parsed.searchParams), maxBatchSize);
    if (!calls) return { theirs, ours: null };
    const answer = await answerQueries(appRouter, calls, ctx(), responseMeta);
    return { theirs, ours: { status: answer.status, body: answer.body, type: answer.headers["content-type"], vary: answer.headers.vary } };
  }
  const input = (value: unknown) => encodeURIComponent(JSON.stringify(value));

  it.each([
    ["a query without input", "tags.list", false],
    ["a query with input", `articles.get?input=${input({ slug: "SLUG" })}`, true],
    ["a query whose answer is 404", `articles.get?input=${input({ slug: "no-such-article" })}`, false],
    ["a query with invalid input (400 with field errors)", `articles.list?input=${input({ limit: -1 })}`, false],
    ["a batch of queries", `tags.list,articles.list?batch=1&input=${input({ 1: { limit: 2 } })}`, false],
    ["a batch that fails in part (207)", `tags.list,articles.get?batch=1&input=${input({ 1: { slug: "missing" } })}`, false],
    ["a signed-in query refused without the permission (401)", "articles.feed", false],
  ])("answers %s as tRPC's handler does", async (_what, url, signedIn) => {
    const { theirs, ours } = await bothWays(url.replace("SLUG", slug), signedIn);
    expect(ours).toEqual(theirs);
  });

  it.each([
    ["a mutation", "users.logout"],
    ["an unknown path", "nothing.here"],
    ["input that is not JSON", "articles.get?input=%7Bnot-json"],
    [
      "a batch over the limit",
      `${Array(maxBatchSize + 1)
        .fill("tags.list")
        .join(",")}?batch=1`,
    ],
  ])("leaves %s to tRPC's own handler", async (_what, url) => {
    const { theirs, ours } = await bothWays(url);
    expect(ours).toBeNull();
    expect(theirs.status).toBeGreaterThanOrEqual(400);
  });
});
