import { afterAll, beforeAll } from "vitest";
import { TRPCError } from "@trpc/server";
import { createTestDatabase, type TestDatabase } from "@conduit/db/testing";
import type { Provider } from "@conduit/db/testing";
import { createCaller } from "../src/root.ts";
import { createContextInner, type AppDeps, type RequestFacts } from "../src/context.ts";
import { createAuthRateLimiter } from "../src/limits/auth-rate-limiter.ts";
import { inProcessDeps } from "../src/in-process-deps.ts";

export type Caller = ReturnType<typeof createCaller>;

/**
 * A fresh database for one test file and callers for it: `anonymous`, or `signUp(name)` for a
 * registered user with their own session. Every SQL statement is counted in `queries`.
 */
export function useApi(provider: Provider) {
  const state = { database: undefined as unknown as TestDatabase, queries: [] as string[] };
  const limiter = createAuthRateLimiter({ perIp: 10_000, perAccount: 10_000, windowSeconds: 60 });
  beforeAll(async () => {
    state.database = await createTestDatabase(provider, { onQuery: (e) => state.queries.push(e.query) });
  });
  afterAll(() => state.database.drop());

  /** A caller with this token; `extra` overrides a shared dependency or adds a request's fact. */
  const caller = (token?: string | null, extra: Partial<AppDeps> & RequestFacts = {}) =>
    createCaller(createContextInner(inProcessDeps(state.database.db, { authRateLimiter: limiter, ...extra }), { token, ...extra }));

  let n = 0;
  const signUp = async (name = `user${++n}`) => {
    const user = await caller().users.register({ username: name, email: `${name}@example.test`, password: "password123" });
    return { ...user, api: caller(user.token) };
  };

  return {
    get db() {
      return state.database.db;
    },
    queries: state.queries,
    caller,
    anonymous: () => caller(),
    signUp,
  };
}

/** Gives a user a role (moderator, admin) as an operator's grant-role script does. */
export { grantRole } from "@conduit/db";

/** The tRPC error code a call fails with, or "OK". */
export async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

export async function failure(call: Promise<unknown>): Promise<TRPCError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}
