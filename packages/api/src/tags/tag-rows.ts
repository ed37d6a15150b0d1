import { sql, type Db } from "@conduit/db";

/** The names of the tags some article carries, in name order, at most `limit`. */
export async function tagsInUse(db: Db, limit: number): Promise<string[]> {
  const rows = await db.$rawRead<{ name: string }>(sql`
    SELECT t."name" FROM "Tag" t WHERE EXISTS (SELECT 1 FROM "ArticleTag" x WHERE x."tagId" = t."id")
    ORDER BY t."name" LIMIT ${limit}`);
  return rows.map((r) => r.name);
}
