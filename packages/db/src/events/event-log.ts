import type { Db } from "../client.ts";
import type { Prisma } from "../generated/sqlite/client.ts";

/** An event as written: what changed, whose change, and what a watcher needs to show it. */
export interface NewEvent {
  kind: string;
  articleId?: number | null;
  userId?: number | null;
  data: unknown;
}

export interface StoredEvent {
  id: number;
  kind: string;
  articleId: number | null;
  userId: number | null;
  data: unknown;
  createdAt: Date;
}

// Any fixed key: every event insert on the database takes the same lock.
const eventOrderLock = 7_310_001;

/**
 * Takes the lock that orders event ids; call it last in a transaction, just before the event
 * insert, and hold no other lock after it.
 *
 * Readers follow the log with "id > cursor", which is only safe if ids become visible in id
 * order. A sequence does not promise that on PostgreSQL (a transaction can take id 10, another
 * 11 and commit first), so event inserts take a transaction-level advisory lock: from the id
 * being drawn to the commit, one writer at a time. SQLite has a single writer already.
 */
async function lockEventOrder(tx: Prisma.TransactionClient, provider: Db["$provider"]): Promise<void> {
  if (provider === "postgresql") await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock($1)", eventOrderLock);
}

async function insertEvent(tx: Prisma.TransactionClient, provider: Db["$provider"], event: NewEvent): Promise<void> {
  const data = { kind: event.kind, articleId: event.articleId ?? null, userId: event.userId ?? null, data: JSON.stringify(event.data) };
  if (provider === "postgresql") {
    await tx.event.create({ data, select: { id: true } });
  } else {
    // Prisma cannot give a BigInt key an autoincrement on SQLite; inside the write transaction
    // (one writer) the next id is simply the last one plus one.
    const last = await tx.event.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
    await tx.event.create({ data: { ...data, id: (last?.id ?? 0n) + 1n }, select: { id: true } });
  }
}

/** Appends an event inside the caller's transaction, as its last statement. */
export async function appendEvent(tx: Prisma.TransactionClient, provider: Db["$provider"], event: NewEvent): Promise<void> {
  await lockEventOrder(tx, provider);
  await insertEvent(tx, provider, event);
}

/**
 * Runs `write` and appends the event `describe` makes of its result, in one transaction, then
 * wakes every instance's readers; the event exists if and only if the write committed. A write
 * that changed nothing returns null: no event. `describe` runs under the ordering lock, so what
 * it reads (a count) includes every earlier event's change. A wake-up that cannot be sent does
 * not fail the write: readers also look on their own every few seconds.
 */
export async function writeWithEvent<T>(
  db: Db,
  write: (tx: Prisma.TransactionClient) => Promise<T | null>,
  describe: (result: T, tx: Prisma.TransactionClient) => NewEvent | Promise<NewEvent>,
): Promise<T | null> {
  const result = await db.$transaction(async (tx) => {
    const value = await write(tx);
    if (value === null) return null;
    await lockEventOrder(tx, db.$provider);
    await insertEvent(tx, db.$provider, await describe(value, tx));
    return value;
  });
  if (result !== null) await db.$signals.publish(eventsTopic).catch(() => {});
  return result;
}

/** The change-signal topic that says "the event log grew". */
export const eventsTopic = "events";

export async function eventsAfter(db: Db, cursor: number, limit: number): Promise<StoredEvent[]> {
  const rows = await db.event.findMany({ where: { id: { gt: BigInt(cursor) } }, orderBy: { id: "asc" }, take: limit });
  return rows.map((row) => ({ ...row, id: Number(row.id), data: JSON.parse(row.data) as unknown }));
}

/** The newest event's id, or 0 for an empty log. */
export async function latestEventId(db: Db): Promise<number> {
  const row = await db.event.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  return Number(row?.id ?? 0n);
}

/** The oldest event still kept, or null for an empty log. */
export async function oldestEventId(db: Db): Promise<number | null> {
  const row = await db.event.findFirst({ orderBy: { id: "asc" }, select: { id: true } });
  return row ? Number(row.id) : null;
}

/**
 * Deletes events older than the retention period. The newest event is always kept, so that a
 * client's cursor can be told apart from one that belongs to another (reset) database.
 */
export async function pruneEvents(db: Db, olderThan: Date): Promise<number> {
  const newest = await latestEventId(db);
  const { count } = await db.event.deleteMany({ where: { createdAt: { lt: olderThan }, id: { lt: BigInt(newest) } } });
  return count;
}
