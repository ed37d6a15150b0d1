import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";
import type { BareDb } from "./bare-db.ts";

/**
 * The bare twin of every scenario the bench runs: plain Fastify and hand-written SQL, answering
 * the same JSON as Conduit's REST surface on a copy of the same data. It does the work the
 * scenario needs and nothing else a product would (no validation library, limits, logging,
 * permissions, cache): what the typed layers cost is measured against it. Writes are one
 * transaction with their event row, as Conduit's are.
 */
type Row = Record<string, unknown>;

const iso = (v: unknown) => (v instanceof Date ? v : new Date(String(v))).toISOString();
const nowValue = (db: BareDb) => (db.provider === "sqlite" ? new Date().toISOString().replace("Z", "+00:00") : new Date());
const text = (v: unknown) => (v === null ? null : String(v));
const flag = (v: unknown) => Number(v) === 1;

const viewerColumns = `
  CASE WHEN EXISTS (SELECT 1 FROM "Favorite" f WHERE f."articleId" = a."id" AND f."userId" = ?) THEN 1 ELSE 0 END AS "favorited",
  CASE WHEN EXISTS (SELECT 1 FROM "Follow" w WHERE w."followedId" = a."authorId" AND w."followerId" = ?) THEN 1 ELSE 0 END AS "following"`;
const articleColumns = `a."id", a."slug", a."title", a."description", a."createdAt", a."updatedAt", u."username", u."bio", u."image",
  (SELECT COUNT(*) FROM "Favorite" f WHERE f."articleId" = a."id") AS "favoritesCount", ${viewerColumns}`;

export function bareApp(db: BareDb): FastifyInstance {
  const app = Fastify({ logger: false });
  // A favorite's POST and DELETE come with a JSON content type and no body, as Conduit accepts.
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => {
    try {
      done(null, body === "" ? {} : JSON.parse(String(body)));
    } catch (error) {
      done(Object.assign(error as Error, { statusCode: 400 }), undefined);
    }
  });

  async function viewer(req: FastifyRequest): Promise<number | null> {
    const header = req.headers.authorization;
    if (!header?.startsWith("Token ")) return null;
    const [id, secret] = header.slice(6).split(".");
    if (!id || !secret) return null;
    const [row] = await db.all(
      `SELECT s."userId", s."secretHash", s."expiresAt" FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE s."id" = ? AND u."bannedAt" IS NULL`,
      [id],
    );
    if (!row) return null;
    const hash = createHash("sha256").update(secret).digest();
    if (!timingSafeEqual(hash, Buffer.from(row.secretHash as Uint8Array)) || new Date(iso(row.expiresAt)) < new Date()) return null;
    return Number(row.userId);
  }
  async function signedIn(req: FastifyRequest): Promise<number> {
    const id = await viewer(req);
    if (id === null) throw Object.assign(new Error("unauthorized"), { statusCode: 401 });
    return id;
  }

  async function tagsOf(ids: number[]): Promise<Map<number, string[]>> {
    const tags = new Map<number, string[]>();
    if (!ids.length) return tags;
    const rows = await db.all(
      `SELECT x."articleId", t."name" FROM "ArticleTag" x JOIN "Tag" t ON t."id" = x."tagId" WHERE x."articleId" IN (${ids.map(() => "?").join(",")}) ORDER BY x."articleId", x."position"`,
      ids,
    );
    for (const r of rows) {
      const id = Number(r.articleId);
      (tags.get(id) ?? tags.set(id, []).get(id)!).push(String(r.name));
    }
    return tags;
  }
  const preview = (r: Row, tags: Map<number, string[]>) => ({
    slug: String(r.slug),
    title: String(r.title),
    description: String(r.description),
    tagList: tags.get(Number(r.id)) ?? [],
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
    favorited: flag(r.favorited),
    favoritesCount: Number(r.favoritesCount),
    author: { username: String(r.username), bio: text(r.bio), image: text(r.image), following: flag(r.following) },
  });

  async function page(where: string, params: unknown[], me: number | null, limit: number, offset: number) {
    const rows = await db.all(
      `SELECT ${articleColumns} FROM "Article" a JOIN "User" u ON u."id" = a."authorId"
       WHERE a."id" IN (SELECT a."id" FROM "Article" a ${where} ORDER BY a."id" DESC LIMIT ? OFFSET ?) ORDER BY a."id" DESC`,
      [me ?? 0, me ?? 0, ...params, limit, offset],
    );
    const [count] = await db.all(`SELECT COUNT(*) AS "n" FROM "Article" a ${where}`, params);
    const tags = await tagsOf(rows.map((r) => Number(r.id)));
    return { articles: rows.map((r) => preview(r, tags)), articlesCount: Number(count!.n) };
  }
  const paging = (q: { limit?: string; offset?: string }) => ({
    limit: Math.min(100, Math.max(1, Number(q.limit ?? 20) || 20)),
    offset: Math.max(0, Number(q.offset ?? 0) || 0),
  });

  async function article(slug: string, me: number | null) {
    const [r] = await db.all(
      `SELECT ${articleColumns}, a."body" FROM "Article" a JOIN "User" u ON u."id" = a."authorId" WHERE a."slug" = ?`,
      [me ?? 0, me ?? 0, slug],
    );
    if (!r) return null;
    return { article: { ...preview(r, await tagsOf([Number(r.id)])), body: String(r.body) } };
  }

  type Q = { Querystring: { limit?: string; offset?: string } };
  app.get<Q>("/api/articles", async (req) => {
    const { limit, offset } = paging(req.query);
    return page("", [], await viewer(req), limit, offset);
  });
  app.get<Q>("/api/articles/feed", async (req) => {
    const me = await signedIn(req);
    const { limit, offset } = paging(req.query);
    return page(`WHERE a."authorId" IN (SELECT w."followedId" FROM "Follow" w WHERE w."followerId" = ?)`, [me], me, limit, offset);
  });
  app.get<{ Params: { slug: string } }>("/api/articles/:slug", async (req, reply) => {
    return (await article(req.params.slug, await viewer(req))) ?? reply.code(404).send({ errors: { article: ["not found"] } });
  });
  app.get<{ Params: { slug: string } }>("/api/articles/:slug/comments", async (req, reply) => {
    const me = (await viewer(req)) ?? 0;
    const [found] = await db.all(`SELECT "id" FROM "Article" WHERE "slug" = ?`, [req.params.slug]);
    if (!found) return reply.code(404).send({ errors: { article: ["not found"] } });
    const rows = await db.all(
      `SELECT c."id", c."createdAt", c."updatedAt", c."body", u."username", u."bio", u."image",
         CASE WHEN EXISTS (SELECT 1 FROM "Follow" w WHERE w."followedId" = u."id" AND w."followerId" = ?) THEN 1 ELSE 0 END AS "following"
       FROM "Comment" c JOIN "User" u ON u."id" = c."authorId" WHERE c."articleId" = ? ORDER BY c."id" LIMIT 500`,
      [me, found.id],
    );
    return {
      comments: rows.map((r) => ({
        id: Number(r.id),
        createdAt: iso(r.createdAt),
        updatedAt: iso(r.updatedAt),
        body: String(r.body),
        author: { username: String(r.username), bio: text(r.bio), image: text(r.image), following: flag(r.following) },
      })),
    };
  });
  app.get<{ Params: { username: string } }>("/api/profiles/:username", async (req, reply) => {
    const me = (await viewer(req)) ?? 0;
    const [r] = await db.all(
      `SELECT u."username", u."bio", u."image",
         CASE WHEN EXISTS (SELECT 1 FROM "Follow" w WHERE w."followedId" = u."id" AND w."followerId" = ?) THEN 1 ELSE 0 END AS "following"
       FROM "User" u WHERE u."username" = ?`,
      [me, req.params.username],
    );
    if (!r) return reply.code(404).send({ errors: { profile: ["not found"] } });
    return { profile: { username: String(r.username), bio: text(r.bio), image: text(r.image), following: flag(r.following) } };
  });
  app.get("/api/tags", async () => {
    const rows = await db.all(
      `SELECT t."name" FROM "Tag" t WHERE EXISTS (SELECT 1 FROM "ArticleTag" x WHERE x."tagId" = t."id") ORDER BY t."name" LIMIT 1000`,
    );
    return { tags: rows.map((r) => String(r.name)) };
  });

  app.post<{ Body: { article: { title: string; description: string; body: string; tagList?: string[] } } }>(
    "/api/articles",
    async (req, reply) => {
      const me = await signedIn(req);
      const input = req.body.article;
      const slug = `${input.title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${randomBytes(4).toString("hex")}`;
      const slugOut = await db.tx(async (q) => {
        const at = nowValue(db);
        const [created] = await q(
          `INSERT INTO "Article" ("slug", "title", "description", "body", "authorId", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING "id"`,
          [slug, input.title, input.description, input.body, me, at, at],
        );
        const id = Number(created!.id);
        for (const [position, name] of (input.tagList ?? []).entries()) {
          await q(`INSERT INTO "Tag" ("name") VALUES (?) ON CONFLICT DO NOTHING`, [name]);
          await q(`INSERT INTO "ArticleTag" ("articleId", "tagId", "position") SELECT ?, t."id", ? FROM "Tag" t WHERE t."name" = ?`, [
            id,
            position,
            name,
          ]);
        }
        await appendEvent(db, q, "article.created", id, me, { slug });
        return slug;
      });
      return reply.code(201).send(await article(slugOut, me));
    },
  );
  app.post<{ Params: { slug: string } }>("/api/articles/:slug/favorite", async (req, reply) => {
    const me = await signedIn(req);
    const [found] = await db.all(`SELECT "id" FROM "Article" WHERE "slug" = ?`, [req.params.slug]);
    if (!found) return reply.code(404).send({ errors: { article: ["not found"] } });
    await db.tx(async (q) => {
      const inserted = await q(
        `INSERT INTO "Favorite" ("userId", "articleId", "createdAt") VALUES (?, ?, ?) ON CONFLICT DO NOTHING RETURNING "userId"`,
        [me, found.id, nowValue(db)],
      );
      if (inserted.length) await appendEvent(db, q, "article.favorited", Number(found.id), me, { slug: req.params.slug });
    });
    return article(req.params.slug, me);
  });
  app.delete<{ Params: { slug: string } }>("/api/articles/:slug/favorite", async (req, reply) => {
    const me = await signedIn(req);
    const [found] = await db.all(`SELECT "id" FROM "Article" WHERE "slug" = ?`, [req.params.slug]);
    if (!found) return reply.code(404).send({ errors: { article: ["not found"] } });
    await db.tx(async (q) => {
      const deleted = await q(`DELETE FROM "Favorite" WHERE "userId" = ? AND "articleId" = ? RETURNING "userId"`, [me, found.id]);
      if (deleted.length) await appendEvent(db, q, "article.unfavorited", Number(found.id), me, { slug: req.params.slug });
    });
    return article(req.params.slug, me);
  });
  app.get("/health", async () => ({ status: "ok" }));
  return app;
}

/** The event row a write commits with, numbered as Conduit numbers it on each database. */
async function appendEvent(
  db: BareDb,
  q: (text: string, params?: unknown[]) => Promise<Row[]>,
  kind: string,
  articleId: number,
  userId: number,
  data: object,
) {
  if (db.provider === "postgresql") {
    await q(`SELECT pg_advisory_xact_lock(?)`, [7_310_001]);
    await q(`INSERT INTO events (kind, "articleId", "userId", data, "createdAt") VALUES (?, ?, ?, ?, ?)`, [
      kind,
      articleId,
      userId,
      JSON.stringify(data),
      new Date(),
    ]);
    await q(`SELECT pg_notify('bare_changes', 'events')`);
  } else {
    await q(
      `INSERT INTO events (id, kind, articleId, userId, data, createdAt) VALUES ((SELECT coalesce(max(id), 0) + 1 FROM events), ?, ?, ?, ?, ?)`,
      [kind, articleId, userId, JSON.stringify(data), nowValue(db)],
    );
  }
}
