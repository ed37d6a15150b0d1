-- AlterTable
ALTER TABLE "User" ADD COLUMN "bannedAt" DATETIME;
