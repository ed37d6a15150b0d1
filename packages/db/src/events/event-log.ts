import type { Db } from "../client.ts";
import type { Prisma } from "../generated/sqlite/client.ts";
import { changesChannel } from "../postgres-signals.ts";
import { markKeyCommitted } from "../idempotency-keys.ts";

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
 * Appends an event inside the caller's transaction, as its last statement, in one round trip.
 *
 * Readers follow the log with "id > cursor", which is only safe if ids become visible in id
 * order. A sequence does not promise that on PostgreSQL (a transaction can take id 10, another
 * 11 and commit first), so the insert first takes a transaction-level advisory lock: from the id
 * being drawn to the commit, one writer at a time. Being last keeps that window to the insert and
 * the commit, and no other lock is taken while it is held. The same statement sends the NOTIFY
 * that wakes every instance's readers; PostgreSQL delivers it at commit, and only if the
 * transaction commits. SQLite has a single writer; Prisma cannot give a BigInt key an
 * autoincrement there, so the next id is drawn from the table, inside the write transaction.
 */
export async function appendEvent(tx: Prisma.TransactionClient, provider: Db["$provider"], event: NewEvent): Promise<void> {
  const values = [event.kind, event.articleId ?? null, event.userId ?? null, JSON.stringify(event.data), new Date()] as const;
  if (provider === "postgresql") {
    await tx.$executeRawUnsafe(
      `WITH ordered AS (SELECT pg_advisory_xact_lock($1)),
            appended AS (INSERT INTO events (kind, "articleId", "userId", data, "createdAt") SELECT $2, $3::int, $4::int, $5, $6::timestamp(3) FROM ordered RETURNING id)
       SELECT pg_notify('${changesChannel}', '${eventsTopic}') FROM appended`,
      eventOrderLock,
      ...values,
    );
  } else {
    await tx.$executeRawUnsafe(
      `INSERT INTO events (id, kind, articleId, userId, data, createdAt) VALUES ((SELECT coalesce(max(id), 0) + 1 FROM events), ?, ?, ?, ?, ?)`,
      ...values,
    );
  }
}

/**
 * Runs `write` and appends the event `describe` makes of its result, in one transaction; the
 * event exists if and only if the write committed. A write that changed nothing returns null:
 * no event. When `describe` reads the database (a count), say `{ reads: true }`: it then runs
 * after the ordering lock is taken, in a statement of its own, so what it reads includes every
 * earlier event's change (READ COMMITTED takes a fresh snapshot per statement).
 */
export async function writeWithEvent<T>(
  db: Db,
  write: (tx: Prisma.TransactionClient) => Promise<T | null>,
  describe: (result: T, tx: Prisma.TransactionClient) => NewEvent | Promise<NewEvent>,
  { reads = false }: { reads?: boolean } = {},
): Promise<T | null> {
  let committed: (() => void) | null = null;
  const result = await db.$transaction(async (tx) => {
    const value = await write(tx);
    if (value === null) return null;
    // The request's Idempotency-Key, if it has one, commits with the write.
    committed = await markKeyCommitted(tx);
    if (reads && db.$provider === "postgresql") await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock($1)", eventOrderLock);
    await appendEvent(tx, db.$provider, await describe(value, tx));
    return value;
  });
  (committed as (() => void) | null)?.();
  // Other instances hear the NOTIFY sent with the commit (PostgreSQL); this one is told now.
  if (result !== null) db.$signals.wake(eventsTopic);
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
