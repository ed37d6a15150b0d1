import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseDatabaseUrl, repoRoot } from "./database-url.ts";

describe("parseDatabaseUrl", () => {
  it("defaults to the SQLite file data/conduit.db in the repository", () => {
    expect(parseDatabaseUrl(undefined)).toMatchObject({ provider: "sqlite", file: path.join(repoRoot, "data/conduit.db") });
  });

  it("resolves relative SQLite paths against the repository root, whatever the working directory", () => {
    expect(parseDatabaseUrl("file:./x/dev.db")).toMatchObject({ file: path.join(repoRoot, "x/dev.db") });
    expect(parseDatabaseUrl("file:/tmp/a.db")).toMatchObject({ file: "/tmp/a.db" });
  });

  it("accepts postgres:// and postgresql:// URLs", () => {
    expect(parseDatabaseUrl("postgresql://u@h:5432/db").provider).toBe("postgresql");
    expect(parseDatabaseUrl("postgres://u@h/db").provider).toBe("postgresql");
  });

  it("names the variable when the URL is unsupported or malformed", () => {
    expect(() => parseDatabaseUrl("mysql://h/db")).toThrow(/DATABASE_URL must start with file: .* or postgresql:\/\//);
    expect(() => parseDatabaseUrl("postgresql://")).toThrow(/DATABASE_URL is not a valid PostgreSQL URL/);
    expect(() => parseDatabaseUrl("file:")).toThrow(/DATABASE_URL must name a SQLite file/);
  });
});
