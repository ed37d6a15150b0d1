import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

interface GitHubUser {
  id: number;
  login: string;
  emails: { email: string; primary: boolean; verified: boolean }[];
}

/**
 * GitHub's OAuth endpoints and the two API calls a sign-in makes, on 127.0.0.1: the authorize
 * page signs in whichever user `next` names and sends the browser straight back with a code; the
 * token endpoint takes each code once. GitHub itself is not reachable from tests.
 */
export async function startFakeGitHub() {
  const users = new Map<number, GitHubUser>();
  const codes = new Map<string, number>();
  const tokens = new Map<string, number>();
  let next: number | null = null;
  let n = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url!, "http://127.0.0.1");
    const json = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (url.pathname === "/login/oauth/authorize") {
      const code = `code-${++n}`;
      codes.set(code, next!);
      const back = new URL(url.searchParams.get("redirect_uri")!);
      back.searchParams.set("code", code);
      back.searchParams.set("state", url.searchParams.get("state")!);
      return res.writeHead(302, { location: back.toString() }).end();
    }
    if (url.pathname === "/login/oauth/access_token" && req.method === "POST") {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        const code = new URLSearchParams(body).get("code") ?? "";
        const userId = codes.get(code);
        codes.delete(code);
        if (userId === undefined) return json(200, { error: "bad_verification_code" });
        const token = `token-${++n}`;
        tokens.set(token, userId);
        json(200, { access_token: token, token_type: "bearer", scope: "read:user,user:email" });
      });
      return;
    }
    const user = users.get(tokens.get((req.headers.authorization ?? "").replace(/^Bearer /, "")) ?? -1);
    if (!user) return json(401, { message: "Bad credentials" });
    if (url.pathname === "/api/user") return json(200, { id: user.id, login: user.login });
    if (url.pathname === "/api/user/emails") return json(200, user.emails);
    json(404, { message: "Not Found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    urls: { authorize: `${base}/login/oauth/authorize`, token: `${base}/login/oauth/access_token`, api: `${base}/api` },
    /** Adds a GitHub user; the next authorization signs in as them. */
    signInAs(user: GitHubUser) {
      users.set(user.id, user);
      next = user.id;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
