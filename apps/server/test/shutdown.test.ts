import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createTestDatabase } from "@conduit/db/testing";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, ms = 15_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

describe("the server process", () => {
  it("finishes requests in flight on SIGTERM, then closes and exits 0", async () => {
    const database = await createTestDatabase("sqlite");
    await database.close();
    const port = await freePort();
    const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", main], {
      env: { ...process.env, DATABASE_URL: database.url, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "info", NODE_ENV: "test" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      const base = `http://127.0.0.1:${port}`;
      await waitFor(`${base}/health`);
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
      child.kill("SIGTERM");
      expect(await Promise.all(inFlight)).toEqual([201, 201, 201, 201]);
      const code = await exited;
      expect(code).toBe(0);
      expect(output).toContain("shutting down");
      await expect(fetch(`${base}/health`)).rejects.toThrow();
    } finally {
      child.kill("SIGKILL");
      await database.drop();
    }
  });
});
