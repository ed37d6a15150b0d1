-- CreateTable
CREATE TABLE "Report" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "reporterId" INTEGER NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" INTEGER NOT NULL,
    "authorId" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "resolvedById" INTEGER,
    "resolvedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Report_targetType_check" CHECK ("targetType" IN ('article', 'comment')),
    CONSTRAINT "Report_status_check" CHECK ("status" IN ('open', 'removed', 'banned', 'dismissed')),
    CONSTRAINT "Report_reporterId_fkey" FOREIGN KEY ("reporterId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Report_status_id_idx" ON "Report"("status", "id");

-- CreateIndex
CREATE INDEX "Report_targetType_targetId_idx" ON "Report"("targetType", "targetId");

-- CreateIndex
CREATE UNIQUE INDEX "Report_reporterId_targetType_targetId_key" ON "Report"("reporterId", "targetType", "targetId");

-- Reporting is a member's (`create:report:own`); resolving reports is a moderator's and an admin's.
INSERT INTO "Permission" ("action", "entity", "access") VALUES ('create', 'report', 'own'), ('resolve', 'report', 'any');
INSERT INTO "RolePermission" ("roleId", "permissionId")
  SELECT r."id", p."id" FROM "Role" r, "Permission" p
  WHERE (r."name" IN ('user', 'admin') AND p."action" = 'create' AND p."entity" = 'report')
     OR (r."name" IN ('moderator', 'admin') AND p."action" = 'resolve' AND p."entity" = 'report');
