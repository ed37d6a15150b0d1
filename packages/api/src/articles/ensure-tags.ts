import { sql, sqlJoin, type Db } from "@conduit/db";

/**
 * Makes sure a tag row exists for each name. `connectOrCreate` inside the article's write raced:
 * two articles introducing the same new tag at once both tried to insert it, and on PostgreSQL
 * one failed on Tag_name_key. `ON CONFLICT DO NOTHING` (SQLite and PostgreSQL alike) lets both
 * go on. A tag left by a write that then fails is harmless: tags are listed only when in use.
 */
export async function ensureTags(db: Db, names: string[]): Promise<void> {
  if (!names.length) return;
  await db.$executeRaw(
    sql`INSERT INTO "Tag" ("name") VALUES ${sqlJoin(names.map((name) => sql`(${name})`))} ON CONFLICT ("name") DO NOTHING`,
  );
}

/** Links to existing tags by name, in the author's order. */
export function tagLinks(names: string[]) {
  return names.map((name, position) => ({ position, tag: { connect: { name } } }));
}
