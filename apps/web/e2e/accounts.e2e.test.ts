import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeIn, nav, person, readMail, requestResetLink, shot, signUp, startApp, type Running } from "./harness.ts";

/** The app as `pnpm app` runs it: no SMTP server, so mail is read at /dev/mail, as a newcomer would. */
let app: Running;

beforeAll(async () => {
  app = await startApp();
}, 120_000);
afterAll(() => app?.stop());

describe("accounts in the web app", () => {
  it("asks a newcomer to verify their address, and takes the code from the mail", async () => {
    const { context, page } = await person(app);
    await signUp(page, "newbie");
    await page.getByRole("status").filter({ hasText: "Please verify newbie@example.test" }).waitFor();
    await shot(page, "unverified-banner");
    const code = codeIn(await readMail(context, "newbie@example.test", "Your Conduit code"));
    await page.getByRole("link", { name: "enter the code we mailed you" }).click();
    await page.getByLabel("Code from the mail").fill("00000000");
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByText("code is wrong").waitFor();
    await page.getByLabel("Code from the mail").fill(code);
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByText("newbie@example.test is verified. Thank you.").waitFor();
    await page.goto("/");
    await nav(page).getByRole("link", { name: "newbie" }).waitFor();
    expect(await page.getByText("Please verify").count()).toBe(0);
    await context.close();
  });

  it("resets a forgotten password from the mailed link, and signs the old tab out", async () => {
    const old = await person(app);
    await signUp(old.page, "forgetter");
    await old.page.goto("/");
    await nav(old.page).getByRole("link", { name: "forgetter" }).waitFor();
    await new Promise((r) => setTimeout(r, 300)); // the live stream opens after the page

    const { context, page } = await person(app);
    const link = await requestResetLink(context, page, "forgetter@example.test");

    const response = await page.goto(link);
    expect(response!.headers()["referrer-policy"]).toBe("no-referrer");
    await page.getByRole("heading", { name: "Choose a new password" }).waitFor();
    await expect.poll(() => new URL(page.url()).search).toBe("");
    await page.getByLabel("New password").fill("a-better-password");
    await page.getByRole("button", { name: "Set new password" }).click();
    await page.getByText("Your password is changed, and every session was signed out.").waitFor();

    await old.page.waitForURL("**/login", { timeout: 10_000 });
    await old.page.getByText("Your session has ended. Sign in again.").waitFor();
    await page.getByLabel("Email").fill("forgetter@example.test");
    await page.getByLabel("Password").fill("a-better-password");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await nav(page).getByRole("link", { name: "forgetter" }).waitFor();
    // The link was used up with the reset.
    await page.goto(link);
    await page.getByLabel("New password").fill("yet-another-password");
    await page.getByRole("button", { name: "Set new password" }).click();
    await page.getByText("This link is used, expired or not whole.").waitFor();
    await Promise.all([context.close(), old.context.close()]);
  });

  it("changes the address after asking for the password again, once the code sent to the new address comes back", async () => {
    const { context, page } = await person(app);
    await signUp(page, "relocator");
    await page.goto("/settings");
    const email = page.getByRole("region", { name: "Email address" });
    await email.getByText("relocator@example.test").waitFor();
    await email.getByLabel("New email address").fill("relocated@example.test");
    await email.getByLabel("Your password, to confirm it is you").fill("not-my-password");
    await email.getByRole("button", { name: "Change email" }).click();
    await email.getByText("password is wrong").waitFor();
    await email.getByLabel("Your password, to confirm it is you").fill("password123");
    await email.getByRole("button", { name: "Change email" }).click();
    await email.getByText("We sent a code to relocated@example.test").waitFor();
    const code = codeIn(await readMail(context, "relocated@example.test", "Your Conduit code"));
    await email.getByLabel("Code from the mail").fill(code);
    await email.getByRole("button", { name: "Confirm new address" }).click();
    await email.getByText("Your address is changed.").waitFor();
    await email.getByText("relocated@example.test · verified").waitFor();
    await shot(page, "settings-email-changed");
    // The old address was told.
    expect(await readMail(context, "relocator@example.test", "Your Conduit email address was changed")).toContain("relocated@example.test");

    // The sessions section lists this browser, and the password change ends the others.
    const sessions = page.getByRole("region", { name: "Sessions" });
    await sessions.getByText("this one").waitFor();
    await context.close();
  });

  it("does not offer passkeys on a server whose PUBLIC_URL is an IP address, and says why", async () => {
    const { context, page } = await person(app);
    await page.goto("/login");
    await page
      .getByText("Passkeys need this server to go by a name (such as localhost), not by the IP address in its PUBLIC_URL.")
      .waitFor();
    expect(await page.getByRole("button", { name: "Sign in with a passkey" }).count()).toBe(0);
    await shot(page, "passkeys-need-a-name");
    await context.close();
  });
});
