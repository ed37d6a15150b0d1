import { afterAll, beforeAll, describe, it } from "vitest";
import type { Page } from "playwright-core";
import { freePort, startOidcProvider } from "@conduit/testkit";
import { nav, person, shot, startApp, type Running } from "./harness.ts";

/** The app with one sign-in provider: a real OpenID provider (oidc-provider) on 127.0.0.1. */
let app: Running;
let oidc: Awaited<ReturnType<typeof startOidcProvider>>;

beforeAll(async () => {
  const port = await freePort();
  oidc = await startOidcProvider(`http://127.0.0.1:${port}/auth/test/callback`);
  oidc.setAccount("browser-user-1", { email: "wanderer@example.test", email_verified: true, preferred_username: "wanderer" });
  app = await startApp(
    {
      OIDC_PROVIDERS: JSON.stringify([
        { id: "test", name: "Test provider", issuer: oidc.issuer, clientId: oidc.clientId, clientSecret: oidc.clientSecret },
      ]),
    },
    { port },
  );
}, 120_000);
afterAll(async () => {
  await app?.stop();
  await oidc?.close();
});

/** The provider's own pages: its development login form, then its consent. */
async function atProvider(page: Page, subject: string) {
  await page.locator('input[name="login"]').fill(subject);
  await page.locator('input[name="password"]').fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

describe("sign-in with a provider in the web app", () => {
  it("signs a newcomer up with the Test provider from the sign-in page and brings them back signed in", async () => {
    const { page } = await person(app);
    await page.goto("/login");
    await page.getByRole("link", { name: "Sign in with Test provider" }).click();
    await atProvider(page, "browser-user-1");
    await nav(page).getByRole("link", { name: "wanderer" }).waitFor();
    await page.goto("/settings");
    await page.getByRole("region", { name: "Connected accounts" }).getByText("Test provider: connected as wanderer@example.test").waitFor();
    await shot(page, "settings-connected");
    // Its only way in: disconnecting is refused.
    await page.getByRole("button", { name: "Disconnect Test provider" }).click();
    await page.getByText("account would have no way left to sign in: add a password or a passkey first").waitFor();
  });
});
