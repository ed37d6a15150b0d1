import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { person, signUp, startApp, type Running } from "./harness.ts";

/** A newcomer with no mail server: the app as `pnpm app` runs it (no SMTP_URL, on 127.0.0.1). */
let app: Running;

beforeAll(async () => {
  app = await startApp();
}, 120_000);
afterAll(() => app?.stop());

describe("the dev mailbox", () => {
  it("shows the welcome mail of someone who just signed up, its HTML part framed and its text part below", async () => {
    const { page } = await person(app);
    await signUp(page, "newcomer");
    await page.goto("/dev/mail");
    const link = page.getByRole("link", { name: "Welcome to Conduit, newcomer" });
    // The mail is sent by a job a moment after the sign-up answered.
    await expect
      .poll(
        async () => {
          await page.reload();
          return link.count();
        },
        { timeout: 15_000 },
      )
      .toBe(1);
    await link.click();
    await expect.poll(() => page.locator("pre").textContent()).toContain("Hi newcomer,");
    const frame = page.frameLocator('iframe[title="HTML part"]');
    await expect.poll(() => frame.getByRole("link", { name: "Open Conduit" }).getAttribute("href")).toBe(`${app.base}/`);
  });
});
