export { createTestDatabase, createEmptyTestDatabase, testProviders, adminPostgresUrl, type TestDatabase } from "./test-database.ts";
export type { Provider } from "../schema/providers.ts";
export { waitFor, sleep } from "./wait.ts";
