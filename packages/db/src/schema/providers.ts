import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

export const providers = ["sqlite", "postgresql"] as const;
export type Provider = (typeof providers)[number];

const prismaDir = fileURLToPath(new URL("../../../../prisma/", import.meta.url));
const modelsPath = path.join(prismaDir, "models.prisma");

export function schemaPath(provider: Provider): string {
  return path.join(prismaDir, provider, "schema.prisma");
}

export function migrationsDir(provider: Provider): string {
  return path.join(prismaDir, provider, "migrations");
}

/** The provider's schema file as derived from models.prisma: a header, then the models unchanged. */
export function deriveSchema(provider: Provider, models = readFileSync(modelsPath, "utf8")): string {
  const clientDir = provider === "sqlite" ? "sqlite" : "postgresql";
  const header = `// Generated from prisma/models.prisma by \`pnpm db:generate\`: edit that file, not this one.

generator client {
  provider             = "prisma-client"
  output               = "../../packages/db/src/generated/${clientDir}"
  runtime              = "nodejs"
  moduleFormat         = "esm"
  importFileExtension  = "ts"
  compilerBuild        = "small"
}

datasource db {
  provider = "${provider}"
}
`;
  return `${header}\n${models}`;
}
