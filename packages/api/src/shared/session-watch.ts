import type { Db } from "@conduit/db";

// Stryker disable next-line StringLiteral: any one name for every user only makes other users' streams check sessions that are still valid
const topicFor = (userId: number) => `sessions:${userId}`;

/**
 * Tells every instance that some of this user's sessions ended (log-out, log out everywhere, a
 * new password), so that their open streams check theirs. The sessions are already gone from the
 * database: a signal that cannot be sent only delays the end until the next periodic check.
 */
export async function announceSessionsEnded(db: Db, userId: number): Promise<void> {
  await db.$signals.publish(topicFor(userId)).catch(() => {});
}

/**
 * Aborts `ended` once the session is no longer valid. It looks when told (a revocation signal
 * from any instance, or "*" after the instance may have missed signals) and every `everyMs`
 * otherwise (a session can also simply expire).
 */
export function watchSession(db: Db, session: { id: string; userId: number }, { everyMs, now }: { everyMs: number; now: () => Date }) {
  const ended = new AbortController();
  const check = async () => {
    const row = await db.session.findUnique({ where: { id: session.id }, select: { expiresAt: true } }).catch(() => undefined);
    // undefined: the database did not answer; the next check decides.
    if (row === null || (row && row.expiresAt <= now())) ended.abort();
  };
  const unsubscribe = db.$signals.subscribe((topic) => {
    if (topic === topicFor(session.userId) || topic === "*") void check();
  });
  const timer = setInterval(() => void check(), everyMs);
  // Stryker disable next-line CallExpression: stop() clears the timer; unref only lets a process that forgot to stop it exit
  timer.unref();
  return {
    signal: ended.signal,
    stop() {
      unsubscribe();
      clearInterval(timer);
    },
  };
}
