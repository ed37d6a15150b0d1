import Provider from "oidc-provider";
import { freePort } from "./server-process.ts";

/** What the test provider says about one of its users. */
interface TestOidcAccount {
  email?: string;
  email_verified?: boolean;
  preferred_username?: string;
}

interface TestOidcProvider {
  /** http://127.0.0.1:PORT, for OIDC_PROVIDERS. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Adds or replaces a user of the provider, by its subject. */
  setAccount(subject: string, account: TestOidcAccount): void;
  close(): Promise<void>;
}

/**
 * A real OpenID provider (`oidc-provider`) on 127.0.0.1 for tests: one confidential client whose
 * only redirect URI is `redirectUri`, PKCE required, and the library's development interactions
 * (a login form that takes any subject, then a consent form). Its keys and storage are the
 * library's development ones, which it warns about: for tests only.
 */
export async function startOidcProvider(redirectUri: string): Promise<TestOidcProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const accounts = new Map<string, TestOidcAccount>();
  const clientId = "conduit-test";
  const clientSecret = "conduit-test-client-secret";
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["preferred_username"] },
    cookies: { keys: ["conduit-test-provider-cookie-key"] },
    features: { devInteractions: { enabled: true } },
    findAccount: (_ctx, subject) => {
      const account = accounts.get(subject);
      return account ? { accountId: subject, claims: () => ({ sub: subject, ...account }) } : undefined;
    },
  });
  // Quiet: its development-keys warnings are expected here.
  provider.on("server_error", () => {});
  const server = provider.listen(port, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  return {
    issuer,
    clientId,
    clientSecret,
    setAccount: (subject, account) => void accounts.set(subject, account),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Cookies by name, as a browser keeps them for one site. */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const [name, ...rest] = pair!.split("=");
      const expired = attributes.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), rest.join("="));
    }
  }
  header() {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join("; ");
  }
}

/**
 * Walks a browser through a test provider's development login and consent as `subject`, from
 * the authorization URL to the redirect back to the app, and returns that redirect's URL without
 * following it (the test decides what the app receives).
 */
export async function authorizeAtTestProvider(authorizationUrl: string, subject: string): Promise<string> {
  const jar = new Jar();
  let url = authorizationUrl;
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 20; hop++) {
    const res = await fetch(url, {
      method: body ? "POST" : "GET",
      redirect: "manual",
      headers: { cookie: jar.header(), ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
      body,
    });
    jar.take(res);
    body = undefined;
    const location = res.headers.get("location");
    if (location) {
      const next = new URL(location, url);
      if (next.origin !== new URL(authorizationUrl).origin) return next.toString();
      url = next.toString();
      continue;
    }
    const html = await res.text();
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!prompt || !action) throw new Error(`unexpected page at the test provider (${res.status}): ${html.slice(0, 200)}`);
    url = new URL(action, url).toString();
    body = new URLSearchParams(prompt === "login" ? { prompt, login: subject, password: "any" } : { prompt });
  }
  throw new Error("the test provider never sent the browser back");
}
