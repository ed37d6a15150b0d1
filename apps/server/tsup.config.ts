import { defineConfig } from "tsup";

// One ESM file for production: the workspace packages are TypeScript source and are bundled in;
// native modules and Prisma's runtime (which loads its WASM query compiler) stay external.
export default defineConfig({
  entry: ["src/main.ts", "src/worker.ts"],
  format: "esm",
  platform: "node",
  target: "node22",
  outDir: "dist",
  clean: true,
  sourcemap: true,
  noExternal: [/^@conduit\//],
  external: ["better-sqlite3", "@node-rs/argon2", "pg-native"],
  // Bundled CommonJS packages (pg, pino) call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
