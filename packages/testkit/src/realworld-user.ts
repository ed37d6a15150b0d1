import { sessionCookieName } from "@conduit/auth";

export interface RealWorldUser {
  name: string;
  token: string;
  /** The session cookie, as the web app's browser would send it. */
  cookie: string;
  /** A REST call with the user's token to `base` (any instance), its JSON parsed. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- RealWorld's JSON, read by the assertions
  call(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }>;
}

/** Registers `name` over the RealWorld REST API at `base`. */
export async function registerUser(base: string, name: string): Promise<RealWorldUser> {
  const res = await fetch(`${base}/api/users`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ user: { username: name, email: `${name}@example.test`, password: "password123" } }),
  });
  if (res.status !== 201) throw new Error(`registering ${name} failed: ${res.status} ${await res.text()}`);
  const token = ((await res.json()) as { user: { token: string } }).user.token;
  return {
    name,
    token,
    cookie: `${sessionCookieName}=${token}`,
    async call(at, method, path, body) {
      const response = await fetch(`${at}/api${path}`, {
        method,
        headers: { authorization: `Token ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: response.status, body: await response.json().catch(() => null), headers: response.headers };
    },
  };
}
