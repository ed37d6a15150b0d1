import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testProviders, type TestDatabase } from "@conduit/db/testing";
import { createAuthRateLimiter, createWindowCounter, type RateLimitOptions } from "../src/limits/auth-rate-limiter.ts";
import { failure } from "./harness.ts";

// Each instance makes its own limiters; on PostgreSQL they must count as one.
describe.skipIf(!(await testProviders()).includes("postgresql"))("limits kept in PostgreSQL", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("postgresql");
  });
  afterAll(() => database.drop());
  /** The log-in limiters two instances make, on one database. */
  const twoInstances = (options: RateLimitOptions) =>
    [createAuthRateLimiter(options, database.db.$postgresPool), createAuthRateLimiter(options, database.db.$postgresPool)] as const;

  const wrong = async () => false;
  const right = async () => true;

  it("count an account's failed log-ins on every instance together, and say when to retry", async () => {
    const [a, b] = twoInstances({ perIp: 100, perAccount: 3, windowSeconds: 60 });
    await a.logIn("10.0.0.1", "target@example.test", right);
    await a.logIn("10.0.0.1", "target@example.test", wrong);
    await b.logIn("10.0.0.2", "target@example.test", wrong);
    await b.logIn("10.0.0.2", "target@example.test", right);
    await b.logIn("10.0.0.2", "target@example.test", wrong);
    await a.logIn("10.0.0.3", "target@example.test", wrong);
    await b.logIn("10.0.0.3", "target@example.test", wrong);
    const refused = await failure(a.logIn("10.0.0.4", "target@example.test", right));
    expect([refused.code, refused.message]).toEqual([
      "TOO_MANY_REQUESTS",
      expect.stringMatching(/^too many attempts, try again in (5\d|60) s$/),
    ]);
    // Another account, from the same addresses, is not held back.
    expect(await b.logIn("10.0.0.4", "other@example.test", right)).toBe(true);
  });

  it("count an address's failed log-ins on every instance together, whatever accounts it tries", async () => {
    const [a, b] = twoInstances({ perIp: 2, perAccount: 100, windowSeconds: 60 });
    await a.logIn("10.0.1.1", "one@example.test", wrong);
    await b.logIn("10.0.1.1", "mine@example.test", right);
    await b.logIn("10.0.1.1", "two@example.test", wrong);
    expect((await failure(a.logIn("10.0.1.1", "three@example.test", wrong))).code).toBe("TOO_MANY_REQUESTS");
  });

  it("count an address's registrations on every instance together", async () => {
    const [a, b] = twoInstances({ perIp: 2, perAccount: 100, windowSeconds: 60 });
    await a.register("10.0.3.1");
    await b.register("10.0.3.1");
    expect((await failure(a.register("10.0.3.1"))).code).toBe("TOO_MANY_REQUESTS");
    await b.register("10.0.3.2");
  });

  it("count a client's requests on every instance in one window", async () => {
    const pool = database.db.$postgresPool;
    const [a, b] = [createWindowCounter("requests-test", 10, 60, pool), createWindowCounter("requests-test", 10, 60, pool)];
    const counts = [
      (await a.hit("10.0.2.1")).count,
      (await b.hit("10.0.2.1")).count,
      (await a.hit("10.0.2.1")).count,
      (await b.hit("10.0.2.2")).count,
    ];
    expect(counts).toEqual([1, 2, 3, 1]);
  });
});
