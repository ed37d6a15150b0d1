export { createTestDatabase, createEmptyTestDatabase, testProviders, adminPostgresUrl, type TestDatabase } from "./test-database.ts";
