import { describe, expect, it } from "vitest";
import { sessionCookieName } from "@conduit/auth";
import { useServer } from "./harness.ts";

describe("logging", () => {
  const server = useServer("sqlite");

  it("writes one structured line per procedure call with the request id, and never a password, token or session id", async () => {
    const password = "a-very-secret-password";
    const register = await server.app.inject({
      method: "POST",
      url: "/api/users",
      headers: { "x-request-id": "req-log-1" },
      payload: { user: { username: "logger", email: "logger@x.test", password } },
    });
    const token = register.json().user.token as string;
    await server.app.inject({ url: "/api/user", headers: { authorization: `Token ${token}` } });
    const login = await server.app.inject({
      method: "POST",
      url: "/trpc/users.login",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ email: "logger@x.test", password }),
    });
    const cookie = login.cookies.find((c) => c.name === sessionCookieName)!.value;
    await server.app.inject({ url: "/trpc/users.me", cookies: { [sessionCookieName]: cookie } });

    const text = server.logs.join("");
    const calls = server.logs.map((l) => JSON.parse(l)).filter((l) => l.msg === "procedure");
    expect(calls.find((l) => l.requestId === "req-log-1")).toMatchObject({
      procedure: "users.register",
      ok: true,
      durationMs: expect.any(Number),
    });
    for (const secret of [password, token, token.split(".")[0]!, cookie]) expect(text).not.toContain(secret);
  });
});
