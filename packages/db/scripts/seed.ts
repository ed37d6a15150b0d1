// pnpm db:seed [--articles N]   deterministic demo data in DATABASE_URL; safe to run again.
// Every demo user (demo0@conduit.test, demo1@..., ...) signs in with the password "password123".
import { parseArgs } from "node:util";
import { hash } from "@node-rs/argon2";
import { createDb } from "../src/client.ts";
import { seed } from "../src/seed/seed.ts";

const { values } = parseArgs({ options: { articles: { type: "string", default: process.env.SEED_ARTICLES ?? "60" } } });
const articles = Number(values.articles);
if (!Number.isInteger(articles) || articles < 0) {
  console.error(`db:seed: --articles must be a whole number, got "${values.articles}"`);
  process.exit(1);
}

try {
  const { db, close } = await createDb(process.env.DATABASE_URL);
  const started = performance.now();
  const result = await seed(db, {
    articles,
    // argon2id with the library's defaults; the parameters are stored in the hash itself.
    passwordHash: await hash("password123", { algorithm: 2 }),
    onProgress: (done, total) => {
      if (total >= 10_000 && (done % 10_000 === 0 || done === total)) console.log(`  ${done}/${total} articles`);
    },
  });
  await close();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`seeded ${result.users} users and ${result.articles} articles (${result.created} new) in ${seconds}s`);
  process.exit(0);
} catch (error) {
  console.error(`db:seed failed: ${(error as Error).message}`);
  process.exit(1);
}
