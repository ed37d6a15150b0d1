/**
 * "Something under this topic changed": a wake-up that reaches every instance using the same
 * database, so that what an instance keeps in memory (cached counts) is dropped when another
 * instance writes. Not a record of changes: a signal can be missed (a dropped connection), so
 * after a reconnect every listener hears `"*"` (anything may have changed), and while signals
 * are not `live()` nothing should be cached at all.
 */
export interface ChangeSignals {
  /** Tells this instance at once, and every other one as soon as the database delivers it. */
  publish(topic: string): Promise<void>;
  /**
   * Tells this instance's listeners only, at once: for a signal the database already sends to
   * every instance (a NOTIFY inside the writing transaction, delivered at its commit).
   */
  wake(topic: string): void;
  subscribe(listener: (topic: string) => void): () => void;
  /** False while the instance may be missing signals (its listening connection is down). */
  live(): boolean;
  close(): Promise<void>;
}

/** One process (SQLite): signals are plain function calls. */
export function inProcessSignals(): ChangeSignals {
  const listeners = new Set<(topic: string) => void>();
  // With one process, telling this instance is telling every instance.
  const wake = (topic: string) => {
    for (const listener of listeners) listener(topic);
  };
  return {
    publish: async (topic) => wake(topic),
    wake,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    live: () => true,
    close: async () => listeners.clear(),
  };
}
