import { describe, expect, it } from "vitest";
import { testProviders } from "@conduit/db/testing";
import { useServer } from "./harness.ts";

describe.each(await testProviders())("unexpected failures on %s", (provider) => {
  const server = useServer(provider);

  it("answer a generic 500 with no SQL or stack when the database breaks underneath", async () => {
    await server.db.$executeRawUnsafe(`DROP TABLE "Comment"`);
    const token = await server.register("broken");
    const slug = await server.createArticle(token);
    const rest = await server.app.inject({ url: `/api/articles/${slug}/comments` });
    expect([rest.statusCode, rest.json()]).toEqual([500, { errors: { server: ["internal error"] } }]);
    const trpc = await server.app.inject({ url: `/trpc/comments.list?input=${encodeURIComponent(JSON.stringify({ slug }))}` });
    expect(trpc.statusCode).toBe(500);
    expect(trpc.json().error.message).toBe("Internal server error");
    expect(trpc.body).not.toMatch(/SELECT|no such table|does not exist|prisma|\.ts:\d/i);
    // The log keeps what the answer hides: which call failed, and the underlying error.
    const failed = server.logs.map((line) => JSON.parse(line)).filter((line) => line.msg === "procedure failed");
    expect(failed.map((line) => [line.level, line.procedure, line.ok, line.code])).toEqual([
      [50, "comments.list", false, "INTERNAL_SERVER_ERROR"],
      [50, "comments.list", false, "INTERNAL_SERVER_ERROR"],
    ]);
    // The database driver's own error (its class and code), not the generic error the client got:
    // the comments are read by hand-written SQL, straight through the driver.
    const driverError = provider === "sqlite" ? { type: "SqliteError", code: "SQLITE_ERROR" } : { type: "DatabaseError", code: "42P01" };
    expect(failed[0].err).toMatchObject({ ...driverError, message: expect.stringMatching(/Comment/) });
  });
});
