import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { errorHandlerPlugin } from "../src/plugins/error-handler.ts";
import { frameworkErrorHandler } from "../src/http/framework-errors.ts";

/** A bare Fastify app whose log lines are kept, parsed, for the test to read. */
function appWithLog(genReqId: (req: { url?: string }) => string) {
  const logs: Record<string, unknown>[] = [];
  const app = Fastify({ genReqId, logger: { level: "info", stream: { write: (line: string) => void logs.push(JSON.parse(line)) } } });
  return { app, logs };
}

// The handlers on their own, behind routes that fail the way no route of ours is meant to.
describe("the error handlers", () => {
  it("answers an unexpected failure anywhere with a bare 500, and logs the error with the request id", async () => {
    const { app, logs } = appWithLog((req) => `id-${req.url}`);
    await app.register(errorHandlerPlugin);
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

  it("answer a routing error they do not know with a bare 500 and the security headers, and log it", async () => {
    const { app, logs } = appWithLog(() => "routing-1");
    const handle = frameworkErrorHandler({ "x-content-type-options": "nosniff" });
    // Fastify raises only two routing errors today; a third may come with an upgrade.
    app.get("/routing", (req, reply) =>
      handle(Object.assign(new Error("a routing failure of a kind not seen before"), { code: "FST_ERR_NEW_KIND" }) as never, req, reply),
    );
    const res = await app.inject({ url: "/routing" });
    expect([res.statusCode, res.json(), res.headers["x-content-type-options"], res.headers["x-request-id"]]).toEqual([
      500,
      { errors: { server: ["internal error"] } },
      "nosniff",
      "routing-1",
    ]);
    expect(logs.filter((line) => line.msg === "unhandled framework error")).toMatchObject([
      { level: 50, requestId: "routing-1", err: { message: "a routing failure of a kind not seen before" } },
    ]);
    await app.close();
  });
});
