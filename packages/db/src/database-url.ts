import path from "node:path";
import { fileURLToPath } from "node:url";

export type DatabaseTarget = { provider: "sqlite"; url: string; file: string } | { provider: "postgresql"; url: string };

export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const defaultDatabaseUrl = "file:./data/conduit.db";

class DatabaseUrlError extends Error {
  override name = "DatabaseUrlError";
}

/**
 * Reads DATABASE_URL. Relative SQLite paths resolve against the repository root, so the server,
 * the migrations and the seed agree on one file whatever folder pnpm runs them from.
 */
export function parseDatabaseUrl(raw: string | undefined, variable = "DATABASE_URL"): DatabaseTarget {
  const value = raw?.trim() || defaultDatabaseUrl;
  if (value.startsWith("file:")) {
    const rest =
      value
        .slice("file:".length)
        .replace(/^\/\/(?=\/)/, "")
        .split("?")[0] ?? "";
    if (rest === "" || rest === ":memory:") {
      throw new DatabaseUrlError(`${variable} must name a SQLite file (file:./data/conduit.db), got "${value}"`);
    }
    const file = path.isAbsolute(rest) ? rest : path.resolve(repoRoot, rest);
    return { provider: "sqlite", url: `file:${file}`, file };
  }
  if (/^postgres(ql)?:\/\//.test(value)) {
    try {
      const parsed = new URL(value);
      if (!parsed.hostname || parsed.pathname.length < 2) throw new Error("missing host or database");
    } catch (cause) {
      throw new DatabaseUrlError(`${variable} is not a valid PostgreSQL URL (postgresql://user@host:5432/db): ${(cause as Error).message}`);
    }
    return { provider: "postgresql", url: value };
  }
  throw new DatabaseUrlError(`${variable} must start with file: (SQLite) or postgresql:// (PostgreSQL); got "${value.split(":")[0]}:..."`);
}
