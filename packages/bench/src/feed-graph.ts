import { createSession } from "@conduit/auth";
import { createDb } from "@conduit/db";
import { load } from "./load.ts";

/** The adversarial follow graph: a reader following this many authors, each with `perAuthor` articles. */
const followed = 2_000;
const perAuthor = 10;
/** Articles by nobody the reader follows, written after theirs: the page walks past them first. */
const newerStrangers = 2_000;

/**
 * The feed's p99 for a reader following 2,000 authors (20,000 articles, 2,000 newer ones by
 * others) against a reader following 3, on a running server's database: the feed should cost
 * about the same whatever the size of the follow graph.
 */
export async function feedAtScale(url: string, base: string, fewToken: string): Promise<{ few: number; many: number; ratio: number }> {
  const { db, close } = await createDb(url);
  let manyToken: string;
  try {
    const stamp = Date.now();
    const { passwordHash } = await db.user.findFirstOrThrow({ select: { passwordHash: true } });
    const authors = Array.from({ length: followed + 2 }, (_, i) => ({
      username: `wide${stamp}_${i}`,
      email: `wide${stamp}_${i}@bench.test`,
      passwordHash,
    }));
    await db.user.createMany({ data: authors });
    const ids = (
      await db.user.findMany({ where: { username: { startsWith: `wide${stamp}_` } }, select: { id: true }, orderBy: { id: "asc" } })
    ).map((u) => u.id);
    const [reader, stranger, ...writers] = ids as [number, number, ...number[]];
    for (let i = 0; i < writers.length; i += 200) {
      const data = writers.slice(i, i + 200).flatMap((authorId) =>
        Array.from({ length: perAuthor }, (_, n) => ({
          slug: `w${stamp}-${authorId}-${n}`,
          title: "Followed",
          description: "d",
          body: "b",
          authorId,
        })),
      );
      await db.article.createMany({ data });
    }
    await db.article.createMany({
      data: Array.from({ length: newerStrangers }, (_, n) => ({
        slug: `s${stamp}-${n}`,
        title: "Stranger",
        description: "d",
        body: "b",
        authorId: stranger,
      })),
    });
    await db.follow.createMany({ data: writers.map((followedId) => ({ followerId: reader, followedId })) });
    manyToken = (await createSession({ db }, reader)).token;
    // Statistics as autovacuum would leave them: measured right after 22,000 inserts, the first
    // feed read on PostgreSQL paid for the stale ones (94 ms p99 against 20 ms for the second).
    if (db.$provider === "postgresql") await db.$executeRawUnsafe("ANALYZE");
  } finally {
    await close();
  }
  const opts = { connections: 10, seconds: 3, warmupSeconds: 1 };
  const p99 = async (token: string) =>
    (await load(base, { name: "feed", path: "/api/articles/feed?limit=20", headers: { authorization: `Token ${token}` } }, opts)).p99;
  const few = await p99(fewToken);
  const many = await p99(manyToken);
  return { few, many, ratio: many / Math.max(few, 1) };
}
