// The bare baseline: plain Fastify and better-sqlite3 with hand-written SQL, answering the
// article list (GET /api/articles?limit=&offset=) in the same JSON shape as Conduit's REST
// surface, on the same database file. What the typed layers (tRPC, zod, Prisma) cost is
// measured against this.
import Fastify from "fastify";
import Database from "better-sqlite3";

const file = process.env.BASELINE_DB!;
const port = Number(process.env.PORT ?? 3901);
const db = new Database(file, { readonly: true });
db.pragma("journal_mode = WAL");

const page = db.prepare(`
  SELECT a.id, a.slug, a.title, a.description, a.createdAt, a.updatedAt,
         u.username, u.bio, u.image,
         (SELECT COUNT(*) FROM Favorite f WHERE f.articleId = a.id) AS favoritesCount,
         (SELECT group_concat(name, char(31)) FROM (
            SELECT t.name FROM ArticleTag x JOIN Tag t ON t.id = x.tagId WHERE x.articleId = a.id ORDER BY x.position)) AS tags
  FROM Article a JOIN User u ON u.id = a.authorId
  ORDER BY a.id DESC LIMIT ? OFFSET ?`);
const count = db.prepare("SELECT COUNT(*) AS n FROM Article");

const app = Fastify({ logger: false });
app.get<{ Querystring: { limit?: string; offset?: string } }>("/api/articles", async (req) => {
  const limit = Math.min(100, Math.max(1, Number(req.query.limit ?? 20) || 20));
  const offset = Math.max(0, Number(req.query.offset ?? 0) || 0);
  const rows = page.all(limit, offset) as Record<string, string | number | null>[];
  return {
    articles: rows.map((r) => ({
      slug: r.slug,
      title: r.title,
      description: r.description,
      tagList: r.tags ? String(r.tags).split("\u001f") : [],
      createdAt: new Date(r.createdAt as string).toISOString(),
      updatedAt: new Date(r.updatedAt as string).toISOString(),
      favorited: false,
      favoritesCount: Number(r.favoritesCount),
      author: { username: r.username, bio: r.bio, image: r.image, following: false },
    })),
    articlesCount: (count.get() as { n: number }).n,
  };
});
app.get("/health", async () => ({ status: "ok" }));
await app.listen({ host: "127.0.0.1", port });
