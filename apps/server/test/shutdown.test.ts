import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createTestDatabase } from "@conduit/db/testing";
import { startServerProcess } from "@conduit/testkit";

describe("the server process", () => {
  it("finishes requests in flight on SIGTERM, then closes and exits 0", async () => {
    const database = await createTestDatabase("sqlite");
    await database.close();
    const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
    const server = await startServerProcess(
      ["--import", "tsx", main],
      { DATABASE_URL: database.url, LOG_LEVEL: "info", NODE_ENV: "test" },
      ["ignore", "pipe", "pipe"],
    );
    const { child, base } = server;
    let output = "";
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    try {
      // Registration hashes a password with argon2id: slow enough to be in flight at SIGTERM.
      const inFlight = Array.from({ length: 4 }, (_, i) =>
        fetch(`${base}/api/users`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ user: { username: `late${i}`, email: `late${i}@x.test`, password: "password123" } }),
        }).then((r) => r.status),
      );
      // SIGTERM once the server has received all four (it logs each), while argon2 still runs.
      const received = () => output.split("\n").filter((l) => l.includes('"url":"/api/users"') && l.includes("incoming request")).length;
      for (let i = 0; received() < 4 && i < 500; i++) await new Promise((r) => setTimeout(r, 2));
      const exited = server.stop();
      expect(await Promise.all(inFlight)).toEqual([201, 201, 201, 201]);
      expect(await exited).toBe(0);
      expect(output).toContain("shutting down");
      await expect(fetch(`${base}/health`)).rejects.toThrow();
    } finally {
      child.kill("SIGKILL");
      await database.drop();
    }
  });
});
