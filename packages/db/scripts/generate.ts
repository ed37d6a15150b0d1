// Writes each provider's schema from prisma/models.prisma and generates its client.
// `prisma generate` never uses the native schema engine, but the CLI checks that the binary
// exists before it starts; any executable satisfies that check offline.
import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { deriveSchema, providers, schemaPath } from "../src/schema/providers.ts";

const require = createRequire(import.meta.url);
const prismaCli = path.join(path.dirname(require.resolve("prisma/package.json")), "build/index.js");
const engineStandIn = process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? (existsSync("/usr/bin/true") ? "/usr/bin/true" : "/bin/true");

for (const provider of providers) {
  const file = schemaPath(provider);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, deriveSchema(provider));
  execFileSync(process.execPath, [prismaCli, "generate", "--schema", file], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: engineStandIn, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
  });
  console.log(`generated ${provider} client`);
}
