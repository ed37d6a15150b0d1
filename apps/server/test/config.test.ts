import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";

describe("configuration", () => {
  it("defaults to SQLite on 127.0.0.1:3000", () => {
    expect(loadConfig({})).toMatchObject({ HOST: "127.0.0.1", PORT: 3000, NODE_ENV: "development" });
  });

  it("stops with a message naming each bad variable", () => {
    expect(() => loadConfig({ PORT: "http", LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL:[\s\S]*PORT:|PORT:[\s\S]*LOG_LEVEL:/);
    expect(() => loadConfig({ DATABASE_URL: "mysql://x/y" })).toThrow(/DATABASE_URL: must start with file:/);
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/COOKIE_SECRET: is required when NODE_ENV=production/);
    expect(() => loadConfig({ COOKIE_SECRET: "short" })).toThrow(/COOKIE_SECRET: must be at least 32 characters/);
  });
});
