import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseDatabaseUrl } from "../database-url.ts";
import { migrationsDir, schemaPath, type Provider } from "../schema/providers.ts";
import { loadSchemaEngine } from "./schema-engine.ts";
import { migrationFolderName, readMigrationList, readSnapshot, writeMigration } from "./migrations-folder.ts";

export { migrationsDir } from "../schema/providers.ts";

const filters = { externalTables: [], externalEnums: [] };

class MigrationError extends Error {
  override name = "MigrationError";
}

export interface MigrationDirs {
  /** Defaults to prisma/<provider>/schema.prisma. */
  schemaFile?: string;
  /** Defaults to prisma/<provider>/migrations. */
  migrationsDir?: string;
}

/** `prisma migrate deploy`: applies pending migrations and records them in _prisma_migrations. */
export async function deployMigrations(databaseUrl: string | undefined, dirs: MigrationDirs = {}): Promise<string[]> {
  const target = parseDatabaseUrl(databaseUrl);
  const file = dirs.schemaFile ?? schemaPath(target.provider);
  if (target.provider === "sqlite") mkdirSync(path.dirname(target.file), { recursive: true });
  const { engine, explain, close } = await loadSchemaEngine(target, { path: file, content: readFileSync(file, "utf8") });
  try {
    const migrationsList = readMigrationList(target.provider, dirs.migrationsDir ?? migrationsDir(target.provider));
    if (migrationsList.migrationDirectories.length === 0) throw new MigrationError(`no migrations in ${migrationsList.baseDir}`);
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters });
    return appliedMigrationNames;
  } catch (error) {
    throw error instanceof MigrationError ? error : new MigrationError(`${target.provider} migration failed: ${explain(error)}`);
  } finally {
    await close();
  }
}

/**
 * `prisma migrate dev --create-only`: writes the SQL that takes the schema as of the last
 * migration to the schema now. Diffing two schema texts needs no database (and so no shadow
 * database, which the WASM engine cannot create for SQLite). Returns null when nothing changed.
 */
export async function createMigration(provider: Provider, name: string, dirs: MigrationDirs = {}): Promise<string | null> {
  const file = dirs.schemaFile ?? schemaPath(provider);
  const dir = dirs.migrationsDir ?? migrationsDir(provider);
  const current = readFileSync(file, "utf8");
  const previous = readSnapshot(provider, dir);
  const { engine, explain, close } = await loadSchemaEngine(null, { path: file, content: current });
  try {
    const { stdout } = await engine.diff({
      from: previous === null ? { tag: "empty" } : { tag: "schemaDatamodel", files: [{ path: file, content: previous }] },
      to: { tag: "schemaDatamodel", files: [{ path: file, content: current }] },
      script: true,
      exitCode: null,
      filters,
    });
    const sql = stdout ?? "";
    if (!/\b(CREATE|ALTER|DROP|INSERT|UPDATE|DELETE|PRAGMA)\b/i.test(sql)) return null;
    return writeMigration(provider, migrationFolderName(name), sql, current, dir);
  } catch (error) {
    throw new MigrationError(`${provider}: could not diff the schema: ${explain(error)}`);
  } finally {
    await close();
  }
}
