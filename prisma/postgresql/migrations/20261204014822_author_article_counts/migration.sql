-- AlterTable
ALTER TABLE "User" ADD COLUMN "articleCount" INTEGER NOT NULL DEFAULT 0 CONSTRAINT "User_articleCount_check" CHECK ("articleCount" >= 0);

-- Each author's article count, kept by the database: whatever writes an article (the app, a
-- script, Prisma Studio), the feed's total stays right.
UPDATE "User" u SET "articleCount" = (SELECT COUNT(*) FROM "Article" a WHERE a."authorId" = u."id");

CREATE FUNCTION "Article_counted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE "User" SET "articleCount" = "articleCount" - 1 WHERE "id" = OLD."authorId";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE "User" SET "articleCount" = "articleCount" + 1 WHERE "id" = NEW."authorId";
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Article_counted" AFTER INSERT OR DELETE ON "Article"
FOR EACH ROW EXECUTE FUNCTION "Article_counted"();

CREATE TRIGGER "Article_counted_author" AFTER UPDATE OF "authorId" ON "Article"
FOR EACH ROW WHEN (OLD."authorId" IS DISTINCT FROM NEW."authorId") EXECUTE FUNCTION "Article_counted"();
