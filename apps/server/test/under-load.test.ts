import { describe, expect, it } from "vitest";
import { hash } from "@node-rs/argon2";
import { createTestDatabase } from "@conduit/db/testing";
import { seed } from "@conduit/db/seed";
import { productionServerArgs, startServerProcess } from "@conduit/testkit";

// A fixed amount of work, not a fixed time: on a busy machine it takes longer, it never asks less.
const requests = 1_500;
const connections = 20;

// better-sqlite3 12 on Node 24.19+ aborted the process (SIGABRT in Statement::~Statement) once a
// garbage-collected statement was destroyed: a few seconds of ordinary load killed the server.
describe("the production server on SQLite under concurrent load", () => {
  it(`answers all of ${requests} requests from ${connections} connections at once, and is still up afterwards`, async () => {
    const database = await createTestDatabase("sqlite");
    await seed(database.db, { articles: 60, passwordHash: await hash("password123", { algorithm: 2 }) });
    const [slug] = (await database.db.article.findMany({ select: { slug: true }, take: 1 })).map((a) => a.slug);
    await database.close();

    const server = await startServerProcess(
      productionServerArgs(),
      {
        DATABASE_URL: database.url,
        NODE_ENV: "production",
        COOKIE_SECRET: "under-load-test-cookie-secret-0123456789",
        LOG_LEVEL: "warn",
        RATE_LIMIT_PER_MINUTE: "0",
      },
      ["ignore", "ignore", "pipe"],
    );
    let stderr = "";
    server.child.stderr!.on("data", (d) => (stderr += d));
    try {
      // The hand-written list read and the Prisma-backed reads: both create and drop statements.
      const paths = [
        "/api/articles?limit=20",
        "/api/tags",
        `/api/articles/${slug}`,
        `/api/articles/${slug}/comments`,
        "/api/profiles/demo1",
        "/api/articles?tag=node&limit=10",
      ];
      const statuses = new Map<number | string, number>();
      let sent = 0;
      await Promise.all(
        Array.from({ length: connections }, async (_, worker) => {
          for (let i = worker; sent < requests; i++) {
            sent++;
            const status = await fetch(`${server.base}${paths[i % paths.length]}`).then(
              async (r) => (await r.arrayBuffer(), r.status),
              (e: Error) => (e.cause instanceof Error ? e.cause.message : e.message),
            );
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
            if (typeof status === "string") return;
          }
        }),
      );

      expect({ exitCode: server.child.exitCode, signal: server.child.signalCode, stderr: stderr.slice(0, 400) }).toEqual({
        exitCode: null,
        signal: null,
        stderr: "",
      });
      expect([...statuses.keys()]).toEqual([200]);
      expect(statuses.get(200)).toBe(requests);
      expect((await fetch(`${server.base}/health`)).status).toBe(200);
    } finally {
      await server.stop();
      await database.drop();
    }
  });
});
