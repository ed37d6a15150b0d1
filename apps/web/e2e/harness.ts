import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { expect } from "vitest";
import { createTestDatabase, type TestDatabase } from "@conduit/db/testing";
import { freePort, productionServerArgs, startServerProcess } from "@conduit/testkit";

const here = path.dirname(fileURLToPath(import.meta.url));
const screenshotDir = path.resolve(here, "../test-results/screenshots");

export interface Running {
  base: string;
  databaseUrl: string;
  browser: Browser;
  stop: () => Promise<void>;
}

/**
 * The production server (apps/server/dist, serving apps/web/dist) on a fresh SQLite file, and
 * Chromium. `hostname: "localhost"` has the browser reach it by that name (it still listens on
 * 127.0.0.1): WebAuthn refuses an IP address as its relying party.
 */
export async function startApp(
  env: Record<string, string> = {},
  {
    hostname = "127.0.0.1",
    port: chosen,
    publicUrl = true,
  }: { hostname?: string; port?: number; /** false: no PUBLIC_URL, as `pnpm app` runs it */ publicUrl?: boolean } = {},
): Promise<Running> {
  mkdirSync(screenshotDir, { recursive: true });
  const database: TestDatabase = await createTestDatabase("sqlite");
  await database.close();
  const port = chosen ?? (await freePort());
  const base = `http://${hostname}:${port}`;
  const server = await startServerProcess(
    productionServerArgs(),
    { DATABASE_URL: database.url, LOG_LEVEL: "warn", NODE_ENV: "test", ...(publicUrl && { PUBLIC_URL: `${base}/` }), ...env },
    undefined,
    port,
  );
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  return {
    base,
    databaseUrl: database.url,
    browser,
    stop: async () => {
      await browser.close();
      await server.stop();
      await database.drop();
    },
  };
}

/** A person: their own browser context (their own cookies) and page. */
export async function person(app: Running): Promise<{ context: BrowserContext; page: Page }> {
  const context = await app.browser.newContext({ baseURL: app.base, viewport: { width: 1100, height: 800 } });
  const page = await context.newPage();
  page.on("pageerror", (error) => console.error(`page error: ${error.message}`));
  return { context, page };
}

/** The signed-in header's navigation. */
export const nav = (page: Page) => page.getByRole("navigation", { name: "Main" });

/** The text of the newest mail to `to` whose subject starts with `subject`, read in a tab of its own. */
export async function readMail(context: BrowserContext, to: string, subject: string): Promise<string> {
  const mailbox = await context.newPage();
  try {
    await mailbox.goto("/dev/mail");
    const row = mailbox
      .getByRole("row")
      .filter({ hasText: to })
      .filter({ has: mailbox.getByRole("link", { name: subject }) });
    await expect
      .poll(
        async () => {
          await mailbox.reload();
          return row.count();
        },
        { timeout: 15_000 },
      )
      .toBeGreaterThan(0);
    await row.first().getByRole("link").click();
    await mailbox.locator("pre").waitFor();
    return (await mailbox.locator("pre").textContent())!;
  } finally {
    await mailbox.close();
  }
}
/**
 * "Forgot your password?" from the sign-in page as a person does it, for `email`: the link the
 * mail carries, read from the dev mailbox. The page is left on the sign-in page's "sent" notice.
 */
export async function requestResetLink(context: BrowserContext, page: Page, email: string): Promise<string> {
  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  // The sign-in page stays on screen while the next one loads, with its own Email field.
  await page.getByRole("heading", { name: "Forgot your password?" }).waitFor();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send me a link" }).click();
  await page.getByText(`If an account uses ${email}, a link`).waitFor();
  return /(http\S+reset-password\?token=\S+)/.exec(await readMail(context, email, "Reset your Conduit password"))![1]!;
}

/** The 8-digit code in a mail's text. */
export const codeIn = (text: string) => /\b(\d{8})\b/.exec(text)![1]!;

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

export async function signUp(page: Page, username: string) {
  await page.goto("/register");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Email").fill(`${username}@example.test`);
  await page.getByLabel("Password").fill("password123");
  await page.getByRole("button", { name: "Sign up" }).click();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: username }).waitFor();
}

/** Fills the article editor's fields (the page is on /editor). */
export async function fillEditor(page: Page, article: { title: string; description: string; body: string }) {
  await page.getByLabel("Article Title").fill(article.title);
  await page.getByLabel("What's this article about?").fill(article.description);
  await page.getByLabel("Write your article (in markdown)").fill(article.body);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * axe-core's WCAG 2.x A and AA rules on the page as it is now: the violations, each as
 * "rule: the elements it failed on", so a failure says what to fix.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the app's CSP (rightly) refuses inline scripts.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(context: Document, options: object): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
  return violations;
}

const dbPackage = path.resolve(here, "../../../packages/db");

/** Gives an account a role as an operator does, with `pnpm --filter @conduit/db grant-role`. */
export function grantRole(app: Running, username: string, role: "moderator" | "admin") {
  execFileSync(process.execPath, ["--import", "tsx", "scripts/grant-role.ts", username, role], {
    cwd: dbPackage,
    env: { ...process.env, DATABASE_URL: app.databaseUrl },
    encoding: "utf8",
  });
}
