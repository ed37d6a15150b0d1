-- CreateTable
CREATE TABLE "Role" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "Permission" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "access" TEXT NOT NULL,
    CONSTRAINT "Permission_access_check" CHECK ("access" IN ('own', 'any'))
);

-- CreateTable
CREATE TABLE "RolePermission" (
    "roleId" INTEGER NOT NULL,
    "permissionId" INTEGER NOT NULL,

    PRIMARY KEY ("roleId", "permissionId"),
    CONSTRAINT "RolePermission_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "Role" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RolePermission_permissionId_fkey" FOREIGN KEY ("permissionId") REFERENCES "Permission" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UserRole" (
    "userId" INTEGER NOT NULL,
    "roleId" INTEGER NOT NULL,

    PRIMARY KEY ("userId", "roleId"),
    CONSTRAINT "UserRole_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "UserRole_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "Role" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Role_name_key" ON "Role"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Permission_action_entity_access_key" ON "Permission"("action", "entity", "access");

-- CreateIndex
CREATE INDEX "UserRole_roleId_idx" ON "UserRole"("roleId");

-- The roles and their permissions (action:entity:access). `user` holds everything a member does
-- on what they own; `moderator` acts on anyone's content; `admin` holds every permission.
INSERT INTO "Role" ("name") VALUES ('user'), ('moderator'), ('admin');
INSERT INTO "Permission" ("action", "entity", "access") VALUES
  ('create', 'article', 'own'), ('update', 'article', 'own'), ('delete', 'article', 'own'), ('favorite', 'article', 'own'),
  ('create', 'comment', 'own'), ('delete', 'comment', 'own'),
  ('follow', 'user', 'own'), ('read', 'feed', 'own'),
  ('read', 'account', 'own'), ('update', 'account', 'own'), ('end', 'session', 'own'),
  ('update', 'article', 'any'), ('delete', 'article', 'any'), ('delete', 'comment', 'any'),
  ('ban', 'user', 'any'), ('read', 'audit', 'any'), ('grant', 'role', 'any');
INSERT INTO "RolePermission" ("roleId", "permissionId")
  SELECT r."id", p."id" FROM "Role" r, "Permission" p WHERE r."name" = 'user' AND p."access" = 'own';
INSERT INTO "RolePermission" ("roleId", "permissionId")
  SELECT r."id", p."id" FROM "Role" r, "Permission" p
  WHERE r."name" = 'moderator'
    AND p."action" || ':' || p."entity" || ':' || p."access" IN ('update:article:any', 'delete:article:any', 'delete:comment:any', 'ban:user:any', 'read:audit:any');
INSERT INTO "RolePermission" ("roleId", "permissionId")
  SELECT r."id", p."id" FROM "Role" r, "Permission" p WHERE r."name" = 'admin';
-- Every existing account is a member.
INSERT INTO "UserRole" ("userId", "roleId") SELECT u."id", r."id" FROM "User" u, "Role" r WHERE r."name" = 'user';
