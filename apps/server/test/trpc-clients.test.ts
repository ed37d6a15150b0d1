import { beforeAll, describe, expect, it } from "vitest";
import { createTRPCClient, httpBatchLink, httpBatchStreamLink, httpLink, TRPCClientError, type TRPCLink } from "@trpc/client";
import type { AppRouter } from "@conduit/api";
import { testProviders } from "@conduit/db/testing";
import { subscribeLive, untilReady } from "@conduit/testkit";
import { useServer } from "./harness.ts";

/**
 * Every link tRPC ships, as a script, a server-side caller or a mobile app would use it, against
 * the listening server: the web app's own (batching) link is only one of them.
 */
describe.each(await testProviders())("stock tRPC clients against the server, on %s", (provider) => {
  const server = useServer(provider);
  let base = "";
  beforeAll(async () => {
    base = await server.app.listen({ host: "127.0.0.1", port: 0 });
  });

  const links: Record<string, (opts: { url: string; headers: () => Record<string, string> }) => TRPCLink<AppRouter>> = {
    httpLink: (opts) => httpLink(opts),
    httpBatchLink: (opts) => httpBatchLink(opts),
    httpBatchStreamLink: (opts) => httpBatchStreamLink(opts),
  };
  const clientWith = (link: keyof typeof links, token?: string) =>
    createTRPCClient<AppRouter>({
      links: [
        links[link]!({ url: `${base}/trpc`, headers: (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {}) }),
      ],
    });
  const errorOf = async (call: Promise<unknown>) => {
    const error = await call.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TRPCClientError);
    const { data, message } = error as TRPCClientError<AppRouter>;
    return { code: data?.code, httpStatus: data?.httpStatus, message, ...(data?.errorCode && { errorCode: data.errorCode }) };
  };

  let n = 0;
  it.each(Object.keys(links))("%s: queries, mutations with and without input, and errors with their code and status", async (link) => {
    const name = `${link.toLowerCase()}${++n}`;
    const anonymous = clientWith(link);
    const { token } = await anonymous.users.register.mutate({ username: name, email: `${name}@example.test`, password: "password123" });
    const signedIn = clientWith(link, token);

    const article = await signedIn.articles.create.mutate({ title: `Over ${link}`, description: "d", body: "b", tagList: ["links"] });
    expect((await anonymous.articles.get.query({ slug: article.slug })).title).toBe(`Over ${link}`);
    expect(await anonymous.tags.list.query()).toContain("links");
    expect((await signedIn.users.me.query()).username).toBe(name);

    expect(await errorOf(anonymous.articles.get.query({ slug: "no-such-article" }))).toEqual({
      code: "NOT_FOUND",
      httpStatus: 404,
      message: "article not found",
      errorCode: "NOT_FOUND",
    });
    // A refusal from a feature's error table carries its name, for the client to word.
    expect(await errorOf(anonymous.users.login.mutate({ email: `${name}@example.test`, password: "wrong-password" }))).toEqual({
      code: "UNAUTHORIZED",
      httpStatus: 401,
      message: "credentials invalid",
      errorCode: "CREDENTIALS_INVALID",
    });
    expect(await errorOf(signedIn.articles.create.mutate({ title: "", description: "d", body: "b" }))).toMatchObject({
      code: "BAD_REQUEST",
      httpStatus: 400,
    });

    // A mutation that takes no input: the client sends a JSON content type and no body.
    expect(await signedIn.users.logout.mutate()).toEqual({ ok: true });
    expect(await errorOf(signedIn.users.me.query())).toEqual({
      code: "UNAUTHORIZED",
      httpStatus: 401,
      message: "token is invalid or expired",
      errorCode: "TOKEN_INVALID",
    });
  });

  it("httpSubscriptionLink: a stream opens and says so, and a refused one ends with its code", async () => {
    const stream = subscribeLive(base);
    try {
      await untilReady(stream);
    } finally {
      stream.close();
    }
    const refused = subscribeLive(base, {}, { cookie: "conduit_session=nobody.nothing" });
    try {
      await expect(refused.until(() => false)).rejects.toMatchObject({ data: { code: "UNAUTHORIZED", httpStatus: 401 } });
    } finally {
      refused.close();
    }
  });

  it("a plain fetch written from tRPC's HTTP format: GET with ?input=, POST with a JSON body or with none", async () => {
    const register = await fetch(`${base}/trpc/users.register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "plainfetch", email: "plainfetch@example.test", password: "password123" }),
    });
    expect(register.status).toBe(200);
    const first = ((await register.json()) as { result: { data: { token: string } } }).result.data.token;
    const login = await fetch(`${base}/trpc/users.login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "plainfetch@example.test", password: "password123" }),
    });
    const second = ((await login.json()) as { result: { data: { token: string } } }).result.data.token;

    const tags = await fetch(`${base}/trpc/tags.list`);
    expect(tags.status).toBe(200);
    const missing = await fetch(`${base}/trpc/articles.get?input=${encodeURIComponent(JSON.stringify({ slug: "nothing-here" }))}`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { data: { code: string } } }).error.data.code).toBe("NOT_FOUND");

    // No input, no body: with a JSON content type (as tRPC's own client sends) and without one.
    for (const headers of [{ authorization: `Token ${first}`, "content-type": "application/json" }, { authorization: `Token ${second}` }]) {
      const logout = await fetch(`${base}/trpc/users.logout`, { method: "POST", headers });
      expect(logout.status).toBe(200);
      expect(((await logout.json()) as { result: { data: unknown } }).result.data).toEqual({ ok: true });
      const me = await fetch(`${base}/trpc/users.me`, { headers });
      expect(me.status).toBe(401);
    }
    // A body that is not JSON is the caller's error, not ours.
    const broken = await fetch(`${base}/trpc/users.logout`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(broken.status).toBe(400);
  });
});
