import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { registerErrorHandling } from "../src/plugins/error-handler.ts";

// The handler on its own, behind a route that fails the way no route of ours is meant to.
describe("the error handler", () => {
  it("answers an unexpected failure anywhere with a bare 500, and logs the error with the request id", async () => {
    const logs: Record<string, unknown>[] = [];
    const app = Fastify({ genReqId: (req) => `id-${req.url}`, logger: { level: "info", stream: { write: (line: string) => void logs.push(JSON.parse(line)) } } });
    registerErrorHandling(app);
    app.get("/fails", async () => {
      throw new Error("disk full while writing /var/lib/app/data");
    });
    app.get("/refuses", async () => {
      throw Object.assign(new Error("upstream unavailable"), { statusCode: 503 });
    });
    for (const url of ["/fails", "/refuses"]) {
      const res = await app.inject({ url });
      expect([res.statusCode, res.json()]).toEqual([500, { errors: { server: ["internal error"] } }]);
      expect(res.body).not.toMatch(/disk|upstream/);
    }
    const logged = logs.filter((line) => line.msg === "unhandled error");
    expect(logged).toMatchObject([
      { level: 50, requestId: "id-/fails", err: { message: expect.stringContaining("disk full") } },
      { level: 50, requestId: "id-/refuses", err: { message: "upstream unavailable" } },
    ]);
    await app.close();
  });
});
