import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, testProviders, type TestDatabase } from "../src/testing/index.ts";

const script = fileURLToPath(new URL("../scripts/audit-export.ts", import.meta.url));
const grantRole = fileURLToPath(new URL("../scripts/grant-role.ts", import.meta.url));
const databases: TestDatabase[] = [];
afterAll(() => Promise.all(databases.map((d) => d.drop())));

describe.each(await testProviders())("the audit export on %s", (provider) => {
  it("writes every record since a time as one JSON object per line, oldest first", async () => {
    const database = await createTestDatabase(provider);
    databases.push(database);
    await database.db.auditEvent.createMany({
      data: [
        { action: "session.logged_in", outcome: "success", actorId: 1, at: new Date("2026-01-01T00:00:00Z"), details: '{"a":1}' },
        { action: "session.login_failed", outcome: "failure", at: new Date("2026-06-01T00:00:00Z") },
        {
          action: "article.deleted",
          outcome: "success",
          actorId: 2,
          at: new Date("2026-07-01T00:00:00Z"),
          targetType: "article",
          targetId: "x",
        },
      ],
    });
    const run = (...args: string[]) =>
      execFileSync(process.execPath, ["--import", "tsx", script, ...args], {
        env: { ...process.env, DATABASE_URL: database.url },
        encoding: "utf8",
      })
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { action: string; details: unknown });
    expect(run().map((r) => r.action)).toEqual(["session.logged_in", "session.login_failed", "article.deleted"]);
    expect(run()[0]!.details).toEqual({ a: 1 });
    expect(run("--since", "2026-05-01T00:00:00Z").map((r) => r.action)).toEqual(["session.login_failed", "article.deleted"]);
  });

  it("makes the first admin from the command line, recorded in the log", async () => {
    const database = await createTestDatabase(provider);
    databases.push(database);
    await database.db.user.create({ data: { email: "boss@example.test", username: "boss", passwordHash: "x" } });
    const out = execFileSync(process.execPath, ["--import", "tsx", grantRole, "boss", "admin"], {
      env: { ...process.env, DATABASE_URL: database.url },
      encoding: "utf8",
    });
    expect(out.trim()).toBe("boss holds admin");
    expect(await database.db.userRole.count({ where: { user: { username: "boss" }, role: { name: "admin" } } })).toBe(1);
    expect(await database.db.auditEvent.count({ where: { action: "role.granted" } })).toBe(1);
  });
});
