import { describe, expect, it } from "vitest";
import { testProviders } from "@conduit/db/testing";
import { sessionCookieName } from "@conduit/auth";
import { useServer } from "./harness.ts";

const trpcPost = (path: string, input: unknown) => ({
  method: "POST" as const,
  url: `/trpc/${path}`,
  headers: { "content-type": "application/json" },
  payload: JSON.stringify(input),
});

describe.each(await testProviders())("sessions over HTTP on %s", (provider) => {
  const server = useServer(provider);

  it("sets an HttpOnly, SameSite=Lax session cookie on tRPC log-in and accepts it on later calls", async () => {
    await server.register("cookieuser");
    const login = await server.app.inject(trpcPost("users.login", { email: "cookieuser@example.test", password: "password123" }));
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies.find((c) => c.name === sessionCookieName)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    expect(cookie.secure).toBeFalsy(); // development and test are plain http; production sets Secure
    const me = await server.app.inject({ url: "/trpc/users.me", cookies: { [sessionCookieName]: cookie.value } });
    expect(me.json().result.data.username).toBe("cookieuser");
  });

  it("refuses a cross-site write authenticated by cookie (CSRF) but not a same-origin one", async () => {
    const token = await server.register("csrfuser");
    const write = (headers: Record<string, string>) =>
      server.app.inject({
        ...trpcPost("users.update", { bio: "changed" }),
        headers: { "content-type": "application/json", host: "app.test", ...headers },
        cookies: { [sessionCookieName]: token },
      });
    const refused = await write({ origin: "http://evil.test" });
    expect([refused.statusCode, refused.json()]).toEqual([403, { errors: { origin: ["cross-site request refused"] } }]);
    expect((await write({ "sec-fetch-site": "cross-site" })).statusCode).toBe(403);
    // A sibling subdomain is another site's page as far as the session is concerned.
    expect((await write({ origin: "http://app.test", "sec-fetch-site": "same-site" })).statusCode).toBe(403);
    expect((await write({ origin: "http://app.test", "sec-fetch-site": "same-origin" })).statusCode).toBe(200);
    // Typed into the address bar or opened from a bookmark: the user's own doing.
    expect((await write({ "sec-fetch-site": "none" })).statusCode).toBe(200);
    // An older browser sends only Origin: the host decides.
    expect((await write({ origin: "http://app.test" })).statusCode).toBe(200);
    expect((await write({ origin: "not a url" })).statusCode).toBe(403);
    expect((await write({ origin: "http://allowed.test" })).statusCode).toBe(200);
  });

  it("stops accepting a token once its session is logged out, and every token after log-out-everywhere", async () => {
    const first = await server.register("revoked");
    const logIn = async () =>
      (
        await server.app.inject({
          method: "POST",
          url: "/api/users/login",
          payload: { user: { email: "revoked@example.test", password: "password123" } },
        })
      ).json().user.token as string;
    const second = await logIn();
    const me = (token: string) => server.app.inject({ url: "/api/user", headers: { authorization: `Bearer ${token}` } });
    const logout = await server.app.inject({
      ...trpcPost("users.logout", {}),
      headers: { "content-type": "application/json", authorization: `Token ${first}` },
    });
    expect(logout.statusCode).toBe(200);
    // Cleared on the path it was set on, or the browser would keep sending it.
    expect(logout.cookies.find((c) => c.name === sessionCookieName)).toMatchObject({ value: "", path: "/" });
    expect((await me(first)).statusCode).toBe(401);
    expect((await me(second)).statusCode).toBe(200);
    const third = await logIn();
    await server.app.inject({
      ...trpcPost("users.logoutEverywhere", {}),
      headers: { "content-type": "application/json", authorization: `Token ${third}` },
    });
    expect([(await me(second)).statusCode, (await me(third)).statusCode]).toEqual([401, 401]);
  });

  it("reports validation errors to tRPC clients as field errors, without stacks", async () => {
    const res = await server.app.inject(trpcPost("users.register", { username: "", email: "x@x.test", password: "password123" }));
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect([error.message, error.data.fieldErrors]).toEqual(["Invalid input", { username: ["can't be blank"] }]);
    expect(JSON.stringify(error)).not.toContain("stack");
    const anonymous = await server.app.inject({ url: "/trpc/users.me", headers: { authorization: "Token not-a-session" } });
    expect([anonymous.statusCode, anonymous.json().error.message, anonymous.json().error.data.fieldErrors]).toEqual([
      401,
      "token is invalid or expired",
      { token: ["is invalid or expired"] },
    ]);
  });
});
