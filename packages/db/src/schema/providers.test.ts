import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { deriveSchema, providers, schemaPath } from "./providers.ts";
import { readSnapshot } from "../migrations/migrations-folder.ts";

describe.each(providers)("the %s schema", (provider) => {
  it("is exactly what prisma/models.prisma derives (run pnpm db:generate after editing the models)", () => {
    expect(readFileSync(schemaPath(provider), "utf8")).toBe(deriveSchema(provider));
  });

  it("has a migration for every model change (run pnpm db:migrate --name <change>)", () => {
    expect(readSnapshot(provider)).toBe(deriveSchema(provider));
  });
});
