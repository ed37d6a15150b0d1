import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { authenticatorCode } from "@conduit/testkit";
import { nav, person, requestResetLink, shot, signUp, startApp, type Running } from "./harness.ts";

let app: Running;

/** As `pnpm app` runs it: no PUBLIC_URL, so the server names itself localhost (the passkeys' relying party). */
beforeAll(async () => {
  app = await startApp({}, { hostname: "localhost", publicUrl: false });
}, 120_000);
afterAll(() => app?.stop());

const security = (page: Page) => page.getByRole("region", { name: "Security" });

async function signOut(page: Page) {
  await page.goto("/settings");
  await page.getByRole("button", { name: "Or click here to logout." }).click();
  await nav(page).getByRole("link", { name: "Sign in" }).waitFor();
}

async function passwordSignIn(page: Page, username: string, password = "password123") {
  await page.goto("/login");
  await page.getByLabel("Email").fill(`${username}@example.test`);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

async function confirmPassword(page: Page) {
  await page.goto("/settings");
  await security(page).getByLabel("Confirm your password to change these").fill("password123");
  await security(page).getByRole("button", { name: "Confirm password" }).click();
}

/** Chromium's virtual authenticator through the DevTools protocol: a platform passkey store with user verification. */
async function virtualAuthenticator(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
  return { credentials: async () => (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials };
}

/** Turns on TOTP in Settings as a person does, with the code of the key shown; its key and recovery codes. */
async function turnOnTotp(page: Page) {
  await confirmPassword(page);
  await security(page).getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await security(page).getByRole("img", { name: "QR code of the key" }).locator("svg").waitFor();
  const key = (await page.getByTestId("totp-key").textContent())!;
  await security(page).getByLabel("The 6-digit code your app shows now").fill(authenticatorCode(key));
  await security(page).getByRole("button", { name: "Turn on", exact: true }).click();
  const shown = security(page).getByRole("status", { name: "Recovery codes" });
  await shown.locator("code").first().waitFor();
  const codes = await shown.locator("code").allTextContents();
  expect(codes).toHaveLength(10);
  return { key, codes };
}

describe("second factors in the web app", () => {
  it("turns on TOTP from the key on the page, then signs in with password and code; a recovery code works once", async () => {
    const { page } = await person(app);
    await signUp(page, "careful");
    const { key, codes } = await turnOnTotp(page);
    await security(page).getByText("Two-factor sign-in is on; 10 recovery codes left.").waitFor();
    await shot(page, "settings-totp-on");

    await signOut(page);
    await passwordSignIn(page, "careful");
    await page.getByRole("heading", { name: "Two-factor sign-in" }).waitFor();
    // The code of the next step: the one that turned TOTP on was used in this one.
    await page.getByLabel("Code from your authenticator app, or a recovery code").fill(authenticatorCode(key, 1));
    await page.getByRole("button", { name: "Continue" }).click();
    await nav(page).getByRole("link", { name: "careful" }).waitFor();

    await signOut(page);
    await passwordSignIn(page, "careful");
    await page.getByLabel("Code from your authenticator app, or a recovery code").fill(codes[0]!);
    await page.getByRole("button", { name: "Continue" }).click();
    await nav(page).getByRole("link", { name: "careful" }).waitFor();
    await signOut(page);
    await passwordSignIn(page, "careful");
    await page.getByLabel("Code from your authenticator app, or a recovery code").fill(codes[0]!);
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByText("That code is not right.", { exact: false }).waitFor();
  });

  it("resets a forgotten password of an account with two-factor sign-in once the page has its code, not with the link alone", async () => {
    const { context, page } = await person(app);
    await signUp(page, "twofold");
    const { key } = await turnOnTotp(page);
    await signOut(page);

    const link = await requestResetLink(context, page, "twofold@example.test");

    await page.goto(link);
    await page.getByLabel("New password").fill("a-better-password");
    await page.getByRole("button", { name: "Set new password" }).click();
    const code = page.getByLabel("Code from your authenticator app, or a recovery code");
    await code.waitFor();
    await page.getByText("This account has two-factor sign-in: the link alone does not change its password.").waitFor();
    await shot(page, "reset-password-second-factor");
    await code.fill("000000");
    await page.getByRole("button", { name: "Set new password" }).click();
    await page.getByText("That code is not right.", { exact: false }).waitFor();
    // The next step's code: the one that turned TOTP on was taken.
    await code.fill(authenticatorCode(key, 1));
    await page.getByRole("button", { name: "Set new password" }).click();
    await page.getByText("Your password is changed, and every session was signed out.").waitFor();

    await passwordSignIn(page, "twofold", "a-better-password");
    await page.getByRole("heading", { name: "Two-factor sign-in" }).waitFor();
    await context.close();
  });

  it("registers a passkey, signs in with it alone, and no longer once it is removed", async () => {
    const { context, page } = await person(app);
    const authenticator = await virtualAuthenticator(context, page);
    await signUp(page, "keyholder");
    await confirmPassword(page);
    await security(page).getByLabel("Name for a new passkey").fill("Test laptop");
    await security(page).getByRole("button", { name: "Add a passkey" }).click();
    await security(page).getByRole("list", { name: "Passkeys" }).getByText("Test laptop").waitFor();
    expect(await authenticator.credentials()).toHaveLength(1);
    await shot(page, "settings-passkey");

    await signOut(page);
    await page.goto("/login");
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await nav(page).getByRole("link", { name: "keyholder" }).waitFor();

    await confirmPassword(page);
    await security(page).getByRole("button", { name: "Remove Test laptop" }).click();
    await security(page).getByText("No passkeys yet.").waitFor();
    await signOut(page);
    await page.goto("/login");
    // The device still holds it; the server has forgotten it.
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await page.getByText("passkey is not registered here (it may have been removed)").waitFor();
    expect(await nav(page).getByRole("link", { name: "Sign in" }).count()).toBe(1);
  });

  it("moves a page opened at 127.0.0.1 to the same page at localhost, where passkeys are offered", async () => {
    const context = await app.browser.newContext({ baseURL: app.base.replace("localhost", "127.0.0.1") });
    const page = await context.newPage();
    await page.goto("/login?connect=x");
    await page.waitForURL(`${app.base}/login?connect=x`);
    await page.getByRole("button", { name: "Sign in with a passkey" }).waitFor();
    await context.close();
  });
});
