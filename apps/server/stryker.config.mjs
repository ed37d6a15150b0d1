import { strykerConfig } from "../../stryker.shared.mjs";

// The server's own code: CSRF, error handling, REST mapping, the tRPC route and the rest of its
// plugins. Its tests that start the built server (dist) cannot see a mutant of src, so they are
// left out here; what they alone cover shows as "no coverage".
export default strykerConfig("server", {
  mutate: ["src/**/*.ts", "!src/main.ts", "!src/tracing.ts"],
});
