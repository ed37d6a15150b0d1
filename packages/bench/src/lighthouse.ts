// pnpm lighthouse: Lighthouse (mobile emulation, default simulated throttling) against the
// production server (apps/server/dist serving apps/web/dist) on a seeded SQLite file, in
// Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium). Prints the four category scores
// and the layout shift for the home page, an article and the editor, signed out and signed in.
// Each page is measured LIGHTHOUSE_RUNS times (default 5) and the median run is reported, as
// Lighthouse's own guidance on variability advises, with the lowest and highest performance
// beside it. A measurement, not a test: nothing fails on a score.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import lighthouse from "lighthouse";
import type { Result } from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import { hash } from "@node-rs/argon2";
import { sessionCookieName } from "@conduit/auth";
import { createTestDatabase } from "@conduit/db/testing";
import { seed } from "@conduit/db/seed";
import { productionServerArgs, startServerProcess } from "@conduit/testkit";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const categories = ["performance", "accessibility", "best-practices", "seo"] as const;
const runCount = Number(process.env.LIGHTHOUSE_RUNS ?? 5);

const database = await createTestDatabase("sqlite");
await seed(database.db, { articles: 200, passwordHash: await hash("password123", { algorithm: 2 }) });
await database.close();
const server = await startServerProcess(productionServerArgs(), {
  DATABASE_URL: database.url,
  NODE_ENV: "production",
  COOKIE_SECRET: "lighthouse-run-cookie-secret-0123456789",
  LOG_LEVEL: "warn",
});
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"],
});
const rows: Record<string, string | number>[] = [];
try {
  const login = await fetch(`${server.base}/api/users/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ user: { email: "demo0@conduit.test", password: "password123" } }),
  });
  const cookie = `${sessionCookieName}=${((await login.json()) as { user: { token: string } }).user.token}`;
  const list = (await (await fetch(`${server.base}/api/articles?limit=1`)).json()) as { articles: { slug: string }[] };
  const pages = { home: "/", article: `/article/${list.articles[0]!.slug}`, editor: "/editor" };
  for (const [who, headers] of [
    ["signed out", undefined],
    ["signed in", { Cookie: cookie }],
  ] as const) {
    for (const [page, url] of Object.entries(pages)) {
      const runs: Result[] = [];
      for (let i = 0; i < runCount; i++) {
        const result = await lighthouse(`${server.base}${url}`, {
          port: chrome.port,
          output: "json",
          logLevel: "error",
          onlyCategories: [...categories],
          extraHeaders: headers,
        });
        // A run Lighthouse could not complete has no scores: said, and not counted.
        if (result!.lhr.runtimeError)
          console.log(`${page}, ${who}: run ${i + 1} failed: ${result!.lhr.runtimeError.code} ${result!.lhr.runtimeError.message}`);
        else runs.push(result!.lhr);
      }
      if (runs.length === 0) continue;
      // The median by performance score: one real run, so its other figures belong together.
      const byPerformance = runs.toSorted((a, b) => (a.categories.performance?.score ?? 0) - (b.categories.performance?.score ?? 0));
      const lhr = byPerformance[Math.floor(runs.length / 2)]!;
      const performance = (r: (typeof runs)[number]) => Math.round((r.categories.performance?.score ?? 0) * 100);
      rows.push({
        page: `${page}, ${who}`,
        ...Object.fromEntries(categories.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)])),
        "perf. range": `${performance(byPerformance[0]!)}–${performance(byPerformance.at(-1)!)}`,
        CLS: Math.round((lhr.audits["cumulative-layout-shift"]?.numericValue ?? 0) * 1000) / 1000,
        "FCP ms": Math.round(lhr.audits["first-contentful-paint"]?.numericValue ?? 0),
        "LCP ms": Math.round(lhr.audits["largest-contentful-paint"]?.numericValue ?? 0),
        "TBT ms": Math.round(lhr.audits["total-blocking-time"]?.numericValue ?? 0),
      });
      const failed = Object.values(lhr.audits)
        .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "manual")
        .map((a) => a.id);
      if (failed.length) console.log(`${page}, ${who}: below 0.9: ${failed.join(", ")}`);
      for (const id of ["color-contrast", "link-in-text-block"]) {
        const items = (lhr.audits[id]?.details as { items?: { node?: { snippet?: string } }[] } | undefined)?.items ?? [];
        if (lhr.audits[id]?.score === 0) console.log(`  ${id}: ${items.map((i) => i.node?.snippet?.slice(0, 90)).join(" | ")}`);
      }
      const shifts =
        (
          lhr.audits["layout-shifts"]?.details as
            { items?: { node?: { snippet?: string; selector?: string }; score?: number }[] } | undefined
        )?.items ?? [];
      for (const shift of shifts.filter((s) => (s.score ?? 0) >= 0.01))
        console.log(`  layout shift ${shift.score?.toFixed(3)}: ${shift.node?.selector ?? ""} ${shift.node?.snippet?.slice(0, 100) ?? ""}`);
    }
  }
} finally {
  chrome.kill();
  await server.stop();
  await database.drop();
}
console.table(rows);
mkdirSync(path.join(repo, "bench-results"), { recursive: true });
writeFileSync(path.join(repo, "bench-results", "lighthouse.json"), JSON.stringify(rows, null, 2));
process.exit(0);
