import { describe, expect, it } from "vitest";
import { createTestDatabase, testProviders } from "@conduit/db/testing";
import { productionServerArgs, startServerProcess } from "@conduit/testkit";

const env = (url: string) => ({
  DATABASE_URL: url,
  NODE_ENV: "production",
  COOKIE_SECRET: "crash-durability-test-cookie-secret-01",
  LOG_LEVEL: "warn",
  RATE_LIMIT_PER_MINUTE: "0",
});
const writers = 8;

interface Acknowledged {
  slug: string;
  body: string;
  tagList: string[];
  comment: string;
}

describe.each(await testProviders())("a server process killed while writing, on %s", (provider) => {
  it("keeps every write it acknowledged, whole, and starts again on the same database", async () => {
    const database = await createTestDatabase(provider);
    await database.close();
    const first = await startServerProcess(productionServerArgs(), env(database.url), ["ignore", "ignore", "ignore"]);
    let second: Awaited<ReturnType<typeof startServerProcess>> | undefined;
    try {
      const register = await fetch(`${first.base}/api/users`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ user: { username: "writer", email: "writer@example.test", password: "password123" } }),
      });
      const headers = {
        "content-type": "application/json",
        authorization: `Token ${((await register.json()) as { user: { token: string } }).user.token}`,
      };

      // Each writer creates an article, then comments on it; only a 2xx counts as acknowledged.
      const acknowledged: Acknowledged[] = [];
      let killed = false;
      const writer = async (w: number) => {
        for (let i = 0; !killed; i++) {
          const body = `article ${w}-${i}: ${"lorem ipsum ".repeat(200)}end`;
          const tagList = [`w${w}`, `n${i % 7}`];
          try {
            const created = await fetch(`${first.base}/api/articles`, {
              method: "POST",
              headers,
              body: JSON.stringify({ article: { title: `W${w} ${i}`, description: "d", body, tagList } }),
            });
            if (created.status !== 201) return;
            const { slug } = ((await created.json()) as { article: { slug: string } }).article;
            const comment = `comment on ${slug}`;
            const commented = await fetch(`${first.base}/api/articles/${slug}/comments`, {
              method: "POST",
              headers,
              body: JSON.stringify({ comment: { body: comment } }),
            });
            if (commented.status !== 201) return;
            acknowledged.push({ slug, body, tagList, comment });
          } catch {
            return; // the connection died with the process
          }
        }
      };
      let stopped = 0;
      const writing = Promise.all(Array.from({ length: writers }, (_, w) => writer(w).finally(() => stopped++)));
      while (acknowledged.length < 40 && stopped < writers) await new Promise((r) => setTimeout(r, 20));
      expect(stopped, "writers stopped before the kill").toBe(0);
      first.child.kill("SIGKILL");
      killed = true;
      await writing;
      await first.stop();

      second = await startServerProcess(productionServerArgs(), env(database.url), ["ignore", "ignore", "ignore"]);
      const missing: string[] = [];
      for (const write of acknowledged) {
        const article = await fetch(`${second.base}/api/articles/${write.slug}`);
        const comments = await fetch(`${second.base}/api/articles/${write.slug}/comments`);
        if (article.status !== 200 || comments.status !== 200) {
          missing.push(write.slug);
          continue;
        }
        const { article: stored } = (await article.json()) as { article: { body: string; tagList: string[] } };
        const { comments: storedComments } = (await comments.json()) as { comments: { body: string }[] };
        expect({ body: stored.body, tagList: stored.tagList, comments: storedComments.map((c) => c.body) }).toEqual({
          body: write.body,
          tagList: write.tagList,
          comments: [write.comment],
        });
      }
      expect(missing).toEqual([]);
      expect(acknowledged.length).toBeGreaterThanOrEqual(40);
    } finally {
      first.child.kill("SIGKILL");
      await second?.stop();
      await database.drop();
    }
  });
});
