-- AlterTable (a plain ADD COLUMN: SQLite takes a constant default without rebuilding the table)
ALTER TABLE "User" ADD COLUMN "articleCount" INTEGER NOT NULL DEFAULT 0 CHECK ("articleCount" >= 0);

-- Each author's article count, kept by the database: whatever writes an article (the app, a
-- script, Prisma Studio), the feed's total stays right.
UPDATE "User" SET "articleCount" = (SELECT COUNT(*) FROM "Article" a WHERE a."authorId" = "User"."id");

CREATE TRIGGER "Article_counted_insert" AFTER INSERT ON "Article"
BEGIN
  UPDATE "User" SET "articleCount" = "articleCount" + 1 WHERE "id" = NEW."authorId";
END;

CREATE TRIGGER "Article_counted_delete" AFTER DELETE ON "Article"
BEGIN
  UPDATE "User" SET "articleCount" = "articleCount" - 1 WHERE "id" = OLD."authorId";
END;

CREATE TRIGGER "Article_counted_author" AFTER UPDATE OF "authorId" ON "Article" WHEN NEW."authorId" <> OLD."authorId"
BEGIN
  UPDATE "User" SET "articleCount" = "articleCount" - 1 WHERE "id" = OLD."authorId";
  UPDATE "User" SET "articleCount" = "articleCount" + 1 WHERE "id" = NEW."authorId";
END;
