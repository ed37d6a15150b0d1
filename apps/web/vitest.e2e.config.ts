import { defineConfig } from "vitest/config";
import { vitestConfig } from "../../vitest.shared.ts";

// Browser tests: the real built server on a fresh database, driven through Debian's Chromium.
export default defineConfig({
  test: { ...vitestConfig("web-e2e").test, include: ["e2e/**/*.e2e.test.ts"], fileParallelism: false, testTimeout: 60_000 },
});
