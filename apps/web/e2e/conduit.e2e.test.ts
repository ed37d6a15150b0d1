import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { registerUser } from "@conduit/testkit";
import { accessibilityViolations, nav, person, shot, signUp, startApp, type Running } from "./harness.ts";

let app: Running;
let alice: Page;
let bob: Page;
let eve: Page;
let slug = "";
const title = "Dragons of the North";

beforeAll(async () => {
  app = await startApp();
  alice = (await person(app)).page;
  bob = (await person(app)).page;
  eve = (await person(app)).page;
}, 120_000);
afterAll(() => app?.stop());

describe("the Conduit web app in a real browser", () => {
  it("signs up a new user, who stays signed in after a reload", async () => {
    await alice.goto("/register");
    await shot(alice, "register");
    await alice.getByRole("button", { name: "Sign up" }).click();
    await expect.poll(() => alice.getByText("username can't be blank").count()).toBe(1);
    await signUp(alice, "alice");
    await alice.reload();
    await expect.poll(() => nav(alice).getByRole("link", { name: "alice" }).count()).toBe(1);
    await shot(alice, "home-signed-in");
  });

  it("publishes an article with tags, shown on the home page and under its tag", async () => {
    await nav(alice).getByRole("link", { name: "New Article" }).click();
    await alice.getByLabel("Article Title").fill(title);
    await alice.getByLabel("What's this article about?").fill("Cold-weather dragon care");
    await alice.getByLabel("Write your article (in markdown)").fill("## Feeding\n\nDragons eat **a lot**.");
    await alice.getByLabel("Tags (separated by spaces)").fill("dragons winter");
    await shot(alice, "editor");
    await alice.getByRole("button", { name: "Publish Article" }).click();
    await alice.getByRole("heading", { name: title }).waitFor();
    await expect.poll(() => alice.getByRole("heading", { name: "Feeding" }).count()).toBe(1);
    slug = alice.url().split("/article/")[1]!;
    await shot(alice, "article");

    await alice.goto("/");
    await alice.getByRole("heading", { name: title }).waitFor();
    await alice.getByRole("main").getByRole("link", { name: "winter" }).first().click();
    await expect.poll(() => alice.getByRole("tab", { name: "#winter" }).count()).toBe(1);
    await expect.poll(() => alice.getByRole("heading", { name: title }).count()).toBe(1);
    await shot(alice, "home-tag-filter");
  });

  it("adds a comment and lets its author delete it", async () => {
    await alice.goto(`/article/${slug}`);
    await alice.getByLabel("Write a comment").fill("First!");
    await alice.getByRole("button", { name: "Post Comment" }).click();
    await alice.getByRole("listitem").filter({ hasText: "First!" }).waitFor();
    await shot(alice, "article-with-comment");
    await alice.getByRole("button", { name: "Delete comment: First!" }).click();
    await alice.getByText("No comments yet.").waitFor();
  });

  it("asks for a page's data in one request when a link from elsewhere opens it, the article page with its comments", async () => {
    const { page, context } = await person(app);
    const calls: string[] = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith("/trpc/") && !url.pathname.startsWith("/trpc/live.")) calls.push(url.pathname.slice("/trpc/".length));
    });
    await page.goto(`/article/${slug}`);
    await page.getByRole("heading", { name: title }).waitFor();
    await page.getByText("No comments yet.").waitFor();
    expect(calls).toEqual(["users.whoami,articles.get,comments.list"]);

    calls.length = 0;
    await page.goto("/");
    await page.getByRole("heading", { name: title }).waitFor();
    expect(calls).toEqual(["users.whoami,articles.list,tags.list"]);
    await context.close();
  });

  it("lets a second user follow the author, read the article in their feed, and favorite it", async () => {
    await signUp(bob, "bob");
    await bob.goto(`/article/${slug}`);
    await bob.getByRole("button", { name: "Follow alice" }).click();
    await bob.getByRole("button", { name: "Unfollow alice" }).waitFor();
    await bob.getByRole("button", { name: "Favorite article (0)" }).click();
    await bob.getByRole("button", { name: "Unfavorite article (1)" }).waitFor();
    await bob.reload();
    await bob.getByRole("button", { name: "Unfavorite article (1)" }).waitFor();

    await bob.goto("/?feed=yours");
    await expect.poll(() => bob.getByRole("tab", { name: "Your Feed", selected: true }).count()).toBe(1);
    await bob.getByRole("heading", { name: title }).waitFor();
    await shot(bob, "home-your-feed");
    await bob.goto("/profile/bob/favorites");
    await bob.getByRole("heading", { name: title }).waitFor();
    await shot(bob, "profile-favorites");
  });

  it("shows a comment posted in one browser in another without a reload, and takes it away when deleted", async () => {
    await alice.goto(`/article/${slug}`);
    await alice.getByRole("heading", { name: title }).waitFor();
    await bob.goto(`/article/${slug}`);
    await bob.getByLabel("Write a comment").fill("Live from Bob");
    await bob.getByRole("button", { name: "Post Comment" }).click();
    await alice.getByRole("listitem").filter({ hasText: "Live from Bob" }).waitFor({ timeout: 5_000 });
    await shot(alice, "article-live-comment");
    await bob.getByRole("button", { name: "Delete comment: Live from Bob" }).click();
    await expect.poll(() => alice.getByRole("listitem").filter({ hasText: "Live from Bob" }).count(), { timeout: 5_000 }).toBe(0);
  });

  it("tells a reader on the home page that new articles were published, and shows them on request", async () => {
    await bob.goto("/");
    await bob.getByRole("tab", { name: "Global Feed" }).waitFor();
    await new Promise((r) => setTimeout(r, 300)); // the live stream opens after the page
    await alice.goto("/editor");
    await alice.getByLabel("Article Title").fill("Breaking news");
    await alice.getByLabel("What's this article about?").fill("Something happened");
    await alice.getByLabel("Write your article (in markdown)").fill("Details.");
    await alice.getByRole("button", { name: "Publish Article" }).click();
    await alice.getByRole("heading", { name: "Breaking news" }).waitFor();
    await bob.getByRole("button", { name: "1 new article · show" }).click();
    await bob.getByRole("heading", { name: "Breaking news" }).waitFor();
    expect(await bob.getByRole("button", { name: /new article/ }).count()).toBe(0);
  });

  it("gives a stranger no edit button and keeps them out of the editor", async () => {
    await signUp(eve, "eve");
    await eve.goto(`/article/${slug}`);
    await eve.getByRole("heading", { name: title }).waitFor();
    expect(await eve.getByRole("link", { name: "Edit Article" }).count()).toBe(0);
    expect(await eve.getByRole("button", { name: "Delete Article" }).count()).toBe(0);
    await eve.goto(`/editor/${slug}`);
    await eve.waitForURL(`**/article/${slug}`);
    expect(await eve.getByLabel("Article Title").count()).toBe(0);
  });

  it("lets the author edit and then delete the article", async () => {
    await alice.goto(`/article/${slug}`);
    await alice.getByRole("link", { name: "Edit Article" }).click();
    await expect.poll(() => alice.getByLabel("Article Title").inputValue()).toBe(title);
    await alice.getByLabel("Article Title").fill(`${title}, revised`);
    await alice.getByRole("button", { name: "Publish Article" }).click();
    await alice.getByRole("heading", { name: `${title}, revised` }).waitFor();
    await alice.getByRole("button", { name: "Delete Article" }).click();
    await alice.waitForURL(`${app.base}/`);
    await alice.getByRole("tab", { name: "Global Feed" }).waitFor();
    expect(await alice.getByRole("heading", { name: `${title}, revised` }).count()).toBe(0);
  });

  it("renders an article body with <script> and onerror= as inert text", async () => {
    await nav(alice).getByRole("link", { name: "New Article" }).click();
    await alice.getByLabel("Article Title").fill("Trying to inject");
    await alice.getByLabel("What's this article about?").fill("xss");
    await alice
      .getByLabel("Write your article (in markdown)")
      .fill(
        'Hello <script>window.__xss = "script"</script>\n\n<img src="x" onerror="window.__xss = \'onerror\'">\n\n[click](javascript:window.__xss=1)',
      );
    await alice.getByRole("button", { name: "Publish Article" }).click();
    await alice.getByRole("heading", { name: "Trying to inject" }).waitFor();
    await alice.waitForTimeout(300);
    expect(await alice.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
    expect(await alice.locator(".markdown img, .markdown script, .markdown [onerror]").count()).toBe(0);
    expect(await alice.locator('.markdown a[href^="javascript"]').count()).toBe(0);
    await shot(alice, "article-xss-inert");
  });

  it("shows the settings page and signs out", async () => {
    await bob.goto("/settings");
    await expect.poll(() => bob.getByLabel("Username").inputValue()).toBe("bob");
    await bob.getByLabel("Short bio about you").fill("I read about dragons");
    await bob.getByRole("button", { name: "Update Settings" }).click();
    await bob.getByText("Saved.").waitFor();
    await shot(bob, "settings");
    await bob.getByRole("button", { name: "Or click here to logout." }).click();
    await nav(bob).getByRole("link", { name: "Sign in" }).waitFor();
    await bob.reload();
    await nav(bob).getByRole("link", { name: "Sign in" }).waitFor();
    await bob.goto("/login");
    await bob.getByLabel("Email").fill("bob@example.test");
    await bob.getByLabel("Password").fill("wrong-password");
    await bob.getByRole("button", { name: "Sign in", exact: true }).click();
    await bob.getByText("Email or password is invalid.").waitFor();
    await shot(bob, "login-error");
    await bob.getByLabel("Password").fill("password123");
    await bob.getByRole("button", { name: "Sign in", exact: true }).click();
    await nav(bob).getByRole("link", { name: "bob" }).waitFor();
    await bob.goto("/profile/alice");
    await bob.getByRole("heading", { name: "Trying to inject" }).waitFor();
    await shot(bob, "profile-articles");
  });

  it("serves a browsable API reference built from the OpenAPI document", async () => {
    await eve.goto("/docs/");
    await eve.getByRole("heading", { name: "Conduit API" }).waitFor();
    await eve.getByRole("heading", { name: "User and Authentication" }).waitFor();
    await shot(eve, "api-reference");
  });

  it("shows a visitor its pages with no error in the console or failed request, and a favicon", async () => {
    const { context, page } = await person(app);
    const errors: string[] = [];
    page.on("console", (message) => void (message.type() === "error" && errors.push(message.text())));
    page.on("response", (response) => void (response.status() >= 400 && errors.push(`${response.status()} ${response.url()}`)));
    for (const path of ["/", "/login", "/register", "/profile/alice"]) {
      await page.goto(path);
      // Not "networkidle": the home page keeps its live stream open.
      await page.waitForLoadState("load");
      await new Promise((r) => setTimeout(r, 300));
      await expect.poll(() => nav(page).getByRole("link", { name: "Sign in" }).count()).toBe(1);
    }
    expect(errors).toEqual([]);
    const icon = await page.request.get(`${app.base}/favicon.svg`);
    expect([icon.status(), icon.headers()["content-type"]]).toEqual([200, "image/svg+xml"]);
    await context.close();
  });

  it("checks forms in the browser with the API's own schemas, showing the server's messages before any request", async () => {
    const { context, page } = await person(app);
    const sent: string[] = [];
    page.on(
      "request",
      (request) => void (request.method() === "POST" && request.url().includes("/trpc/") && sent.push(new URL(request.url()).pathname)),
    );
    await page.goto("/register");
    await page.getByLabel("Username").fill("bad name!");
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Sign up" }).click();
    await page.getByText("username may contain only letters, digits, '.', '_' and '-'").waitFor();
    await page.getByText("email is invalid").waitFor();
    await page.getByText("password is too short (minimum is 8 characters)").waitFor();
    expect(sent).toEqual([]);
    await signUp(page, "checker");
    sent.length = 0;
    await page.goto("/editor");
    await page.getByLabel("Article Title").fill("   ");
    await page.getByLabel("Write your article (in markdown)").fill("x".repeat(10));
    await page.getByRole("button", { name: "Publish Article" }).click();
    await page.getByText("title can't be blank").waitFor();
    await page.getByText("description can't be blank").waitFor();
    await page.goto("/settings");
    await page.getByLabel("URL of profile picture").fill("javascript:alert(1)");
    await page.getByRole("button", { name: "Update Settings" }).click();
    await page.getByText("image must be an http(s) URL").waitFor();
    expect(sent).toEqual([]);
    // What only the server can know still comes from the server, in the same place.
    await page.getByLabel("URL of profile picture").fill("");
    await registerUser(app.base, "taken");
    await page.getByLabel("Username").fill("taken");
    await page.getByRole("button", { name: "Update Settings" }).click();
    await page.getByText("username has already been taken").waitFor();
    expect(sent).toEqual(["/trpc/users.update"]);
    await context.close();
  });

  it("passes axe-core's WCAG 2.1 A and AA checks on every page, signed out and signed in", async () => {
    const { context, page } = await person(app);
    const author = await registerUser(app.base, "axel");
    const { body } = await author.call(app.base, "POST", "/articles", {
      article: { title: "Accessible by all", description: "For every reader", body: "Some *text*.", tagList: ["a11y"] },
    });
    await author.call(app.base, "POST", `/articles/${body.article.slug}/comments`, { comment: { body: "A comment" } });
    const article = `/article/${body.article.slug}`;
    const found: Record<string, string[]> = {};
    const check = async (name: string, path: string, ready: () => Promise<unknown>) => {
      await page.goto(path);
      await ready();
      await page.waitForLoadState("load");
      const violations = await accessibilityViolations(page);
      if (violations.length) found[name] = violations;
    };
    const heading = (name: string) => () => page.getByRole("heading", { name }).first().waitFor();
    await check("home, signed out", "/", heading("Accessible by all"));
    await check("article, signed out", article, () => page.getByRole("heading", { level: 1 }).waitFor());
    await check("profile", "/profile/axel", heading("axel"));
    await check("sign in", "/login", () => page.getByLabel("Email").waitFor());
    await check("sign up", "/register", () => page.getByLabel("Username").waitFor());
    await signUp(page, "ally");
    await check("home, signed in", "/", heading("Accessible by all"));
    await check("article, signed in", article, () => page.getByLabel("Write a comment").waitFor());
    await check("editor", "/editor", () => page.getByLabel("Article Title").waitFor());
    await check("settings", "/settings", () => page.getByLabel("Short bio about you").waitFor());
    expect(found).toEqual({});
    await context.close();
  });
});
