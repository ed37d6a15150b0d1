import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { fillEditor, grantRole, nav, person, shot, signUp, startApp, type Running } from "./harness.ts";

let app: Running;
let admin: Page;
let moderator: Page;
let author: Page;
let reader: Page;
let slug: string;

beforeAll(async () => {
  app = await startApp();
  [admin, moderator, author, reader] = await Promise.all([person(app), person(app), person(app), person(app)]).then((people) =>
    people.map((p) => p.page),
  );
}, 120_000);
afterAll(() => app?.stop());

describe("moderation in the web app", () => {
  it("shows an admin an account's roles on its profile, and lets them make it a moderator", async () => {
    await signUp(admin, "chief");
    grantRole(app, "chief", "admin");
    await signUp(moderator, "warden");
    await admin.goto("/profile/warden");
    await admin.getByText("Roles: user").waitFor();
    await admin.getByRole("button", { name: "Make moderator" }).click();
    await admin.getByText("Roles: moderator, user").waitFor();
    await shot(admin, "profile-roles");

    // A member sees no roles, and no moderation or audit pages; the pages say so if opened.
    await signUp(reader, "reader");
    await reader.goto("/profile/warden");
    await reader.getByRole("heading", { name: "warden" }).waitFor();
    expect(await reader.getByText(/^Roles:/).count()).toBe(0);
    expect(await nav(reader).getByRole("link", { name: "Moderation" }).count()).toBe(0);
    await reader.goto("/moderation");
    await reader.getByText("Only moderators can see this page.").waitFor();
  });

  it("lets a member report a comment, and a moderator remove it from the report: the author's open page drops it and says why", async () => {
    await signUp(author, "spammer");
    await author.goto("/editor");
    await fillEditor(author, { title: "Cheap watches", description: "Deals", body: "Buy now." });
    await author.getByRole("button", { name: "Publish Article" }).click();
    await author.getByRole("heading", { name: "Cheap watches" }).waitFor();
    slug = new URL(author.url()).pathname.split("/").at(-1)!;
    await author.getByLabel("Write a comment").fill("Visit spam.example for prizes");
    await author.getByRole("button", { name: "Post Comment" }).click();
    await author.getByRole("listitem").filter({ hasText: "Visit spam.example" }).waitFor();

    await reader.goto(`/article/${slug}`);
    await reader.getByRole("button", { name: "Report comment: Visit spam.example for prizes" }).click();
    await reader.getByLabel("Why should a moderator look at this?").fill("advertising");
    await reader.getByRole("button", { name: "Send report" }).click();
    await reader.getByText("Reported: a moderator will look at it.").waitFor();

    // The new role counts from the moderator's next request; the app shows its pages once it knows.
    await moderator.reload();
    await nav(moderator).getByRole("link", { name: "Moderation" }).click();
    const report = moderator.getByRole("region", { name: "Open reports" }).getByRole("row").filter({ hasText: "advertising" });
    await report.waitFor();
    await shot(moderator, "moderation-open-report");
    await report.getByRole("button", { name: "Remove" }).click();
    await moderator.getByText("No open reports.").waitFor();

    await expect.poll(() => author.getByRole("listitem").filter({ hasText: "Visit spam.example" }).count(), { timeout: 5_000 }).toBe(0);
    await author.getByRole("status").filter({ hasText: "A moderator removed your comment “Visit spam.example for prizes”." }).waitFor();
    await shot(author, "article-comment-removed-by-moderator");
  });

  it("shows the removal in the audit log, filtered by action", async () => {
    await nav(moderator).getByRole("link", { name: "Audit" }).click();
    await moderator.getByLabel("Action").fill("comment.deleted");
    await moderator.getByRole("button", { name: "Filter" }).click();
    const rows = moderator.getByRole("table", { name: "Audit events" }).getByRole("row");
    await expect.poll(() => rows.count()).toBe(2); // the header and the one removal
    expect(await rows.nth(1).textContent()).toContain("warden");
    await moderator.getByLabel("Action").fill("no.such.action");
    await moderator.getByRole("button", { name: "Filter" }).click();
    await moderator.getByText("No events match.").waitFor();
  });

  it("signs a banned user's open tab out at once, and tells them why when they try to sign in again", async () => {
    await author.goto(`/article/${slug}`);
    await author.getByRole("heading", { name: "Cheap watches" }).waitFor();
    await nav(author).getByRole("link", { name: "spammer" }).waitFor();
    await new Promise((r) => setTimeout(r, 300)); // the live stream opens after the page

    await nav(moderator).getByRole("link", { name: "Moderation" }).click();
    await moderator.getByRole("region", { name: "Recent articles" }).getByRole("button", { name: "Ban spammer" }).click();
    await moderator.getByRole("region", { name: "Banned accounts" }).getByText("spammer").waitFor();

    await author.waitForURL("**/login", { timeout: 10_000 });
    await author.getByText("Your session has ended. Sign in again.").waitFor();
    await nav(author).getByRole("link", { name: "Sign in" }).waitFor();
    await author.getByLabel("Email").fill("spammer@example.test");
    await author.getByLabel("Password").fill("password123");
    await author.getByRole("button", { name: "Sign in", exact: true }).click();
    await author.getByText("This account is banned.").waitFor();
    await shot(author, "sign-in-banned");

    // The article stays until a moderator removes it; unbanning lets the author back in.
    await moderator.getByRole("button", { name: "Unban spammer" }).click();
    await moderator.getByText("Nobody is banned.").waitFor();
    await author.getByRole("button", { name: "Sign in", exact: true }).click();
    await nav(author).getByRole("link", { name: "spammer" }).waitFor();
  });

  it("tells the reader of an article a moderator removed that it was removed by moderation", async () => {
    await reader.goto(`/article/${slug}`);
    await reader.getByRole("heading", { name: "Cheap watches" }).waitFor();
    await new Promise((r) => setTimeout(r, 300));
    await moderator.goto(`/article/${slug}`);
    await moderator.getByRole("button", { name: "Remove Article" }).click();
    await moderator.waitForURL(`${app.base}/`);
    await reader.getByText("This article was removed by a moderator.").waitFor({ timeout: 5_000 });
  });
});
