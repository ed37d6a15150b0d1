import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * Every package's vitest settings: generous timeouts for database set-up, and a JSON report per
 * package under test-results/ that `pnpm test` sums into its closing "N passed, N failed" line.
 */
export function vitestConfig(packageName: string) {
  return defineConfig({
    test: {
      testTimeout: 60_000,
      hookTimeout: 120_000,
      reporters: ["default", ["json", { outputFile: path.resolve(import.meta.dirname, "test-results", `${packageName}.json`) }]],
    },
  });
}
