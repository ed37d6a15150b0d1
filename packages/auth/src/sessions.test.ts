import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testProviders, type TestDatabase } from "@conduit/db/testing";
import { createSession, invalidateSession, invalidateUserSessions, sessionLifetimeMs, validateSessionToken } from "./sessions.ts";

const providers = await testProviders();

describe.each(providers)("sessions on %s", (provider) => {
  let database: TestDatabase;
  let userId: number;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
    userId = (await database.db.user.create({ data: { email: "s@x.test", username: "s", passwordHash: "h" } })).id;
  });
  afterAll(() => database.drop());

  const at = (ms: number) => () => new Date(Date.UTC(2026, 0, 1) + ms);

  it("store only the SHA-256 of the token's secret, never the token", async () => {
    const { token, session } = await createSession({ db: database.db }, userId);
    const row = await database.db.session.findUniqueOrThrow({ where: { id: session.id } });
    const secret = token.split(".")[1]!;
    expect(token.startsWith(`${session.id}.`)).toBe(true);
    expect(Buffer.from(row.secretHash).toString("hex")).not.toContain(Buffer.from(secret).toString("hex"));
    expect(row.secretHash).toHaveLength(32);
    expect(await validateSessionToken({ db: database.db }, token)).toMatchObject({ user: { id: userId, username: "s" } });
  });

  it("reject a token whose secret is wrong, malformed or unknown", async () => {
    const { token } = await createSession({ db: database.db }, userId);
    const [id, secret] = token.split(".") as [string, string];
    const forged = `${id}.${secret.slice(0, -1)}${secret.endsWith("a") ? "b" : "a"}`;
    expect(await validateSessionToken({ db: database.db }, forged)).toBeNull();
    expect(await validateSessionToken({ db: database.db }, "garbage")).toBeNull();
    expect(await validateSessionToken({ db: database.db }, `${"a".repeat(24)}.${"b".repeat(24)}`)).toBeNull();
  });

  it("expire after ten days without use, and delete the expired session", async () => {
    const store = { db: database.db, now: at(0) };
    const { token, session } = await createSession(store, userId);
    const other = await createSession(store, userId);
    expect(await validateSessionToken({ db: database.db, now: at(sessionLifetimeMs - 1) }, other.token)).not.toBeNull();
    expect(await validateSessionToken({ db: database.db, now: at(sessionLifetimeMs) }, token)).toBeNull();
    expect(await database.db.session.count({ where: { id: session.id } })).toBe(0);
    // Only that one: the user's other session, and everyone else's, are untouched.
    expect(await validateSessionToken({ db: database.db, now: at(sessionLifetimeMs - 1) }, other.token)).not.toBeNull();
  });

  it("slide the expiry forward when used, writing at most once an hour", async () => {
    const { token } = await createSession({ db: database.db, now: at(0) }, userId);
    const minute = 60_000;
    const early = await validateSessionToken({ db: database.db, now: at(59 * minute) }, token);
    expect(early?.session.renewed).toBe(false);
    expect(early?.session.expiresAt.getTime()).toBe(at(sessionLifetimeMs)().getTime());
    const later = await validateSessionToken({ db: database.db, now: at(5 * 24 * 60 * minute) }, token);
    expect(later?.session.renewed).toBe(true);
    expect(later?.session.expiresAt.getTime()).toBe(at(5 * 24 * 60 * minute + sessionLifetimeMs)().getTime());
    // Valid past the original expiry because it was used.
    expect(await validateSessionToken({ db: database.db, now: at(sessionLifetimeMs + 1) }, token)).not.toBeNull();
  });

  it("end only that user's sessions on log-out-everywhere: someone else stays signed in", async () => {
    const store = { db: database.db };
    const otherId = (await database.db.user.create({ data: { email: "o@x.test", username: "o", passwordHash: "h" } })).id;
    const theirs = await createSession(store, otherId);
    await createSession(store, userId);
    await invalidateUserSessions(store, userId);
    expect(await validateSessionToken(store, theirs.token)).not.toBeNull();
  });

  it("end one session on log-out, and every other session on log-out-everywhere", async () => {
    const store = { db: database.db };
    const a = await createSession(store, userId);
    const b = await createSession(store, userId);
    const c = await createSession(store, userId);
    await invalidateSession(store, a.session.id);
    expect(await validateSessionToken(store, a.token)).toBeNull();
    expect(await validateSessionToken(store, b.token)).not.toBeNull();
    await invalidateUserSessions(store, userId, c.session.id);
    expect(await validateSessionToken(store, b.token)).toBeNull();
    expect(await validateSessionToken(store, c.token)).not.toBeNull();
  });
});
