-- CreateTable
CREATE TABLE "Report" (
    "id" SERIAL NOT NULL,
    "reporterId" INTEGER NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" INTEGER NOT NULL,
    "authorId" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "resolvedById" INTEGER,
    "resolvedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Report_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Report_status_id_idx" ON "Report"("status", "id");

-- CreateIndex
CREATE INDEX "Report_targetType_targetId_idx" ON "Report"("targetType", "targetId");

-- CreateIndex
CREATE UNIQUE INDEX "Report_reporterId_targetType_targetId_key" ON "Report"("reporterId", "targetType", "targetId");

-- AddForeignKey
ALTER TABLE "Report" ADD CONSTRAINT "Report_reporterId_fkey" FOREIGN KEY ("reporterId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "Report" ADD CONSTRAINT "Report_targetType_check" CHECK ("targetType" IN ('article', 'comment'));
ALTER TABLE "Report" ADD CONSTRAINT "Report_status_check" CHECK ("status" IN ('open', 'removed', 'banned', 'dismissed'));

-- Reporting is a member's (`create:report:own`); resolving reports is a moderator's and an admin's.
INSERT INTO "Permission" ("action", "entity", "access") VALUES ('create', 'report', 'own'), ('resolve', 'report', 'any');
INSERT INTO "RolePermission" ("roleId", "permissionId")
  SELECT r."id", p."id" FROM "Role" r, "Permission" p
  WHERE (r."name" IN ('user', 'admin') AND p."action" = 'create' AND p."entity" = 'report')
     OR (r."name" IN ('moderator', 'admin') AND p."action" = 'resolve' AND p."entity" = 'report');
