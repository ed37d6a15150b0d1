/**
 * Idempotency keys for the web app's creates: one key per submission, so a submit retried after
 * a dropped connection (the server may have created the article already) reuses the first key and
 * the server answers it from the first run instead of creating a second. A key lives until its
 * call succeeds; a changed body is a new submission with a new key, since the server refuses a
 * key reused with another body.
 */
export interface SubmissionKeys {
  keyFor(path: string, input: unknown): string;
  succeeded(path: string, key: string): void;
}

/** 128 random bits as hex: `crypto.randomUUID` exists only in secure contexts, plain http on a LAN has none. */
export function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function createSubmissionKeys(newKey: () => string = randomKey): SubmissionKeys {
  // One pending submission per procedure: a page has one form per create.
  const pending = new Map<string, { body: string; key: string }>();
  return {
    keyFor(path, input) {
      const body = JSON.stringify(input ?? null);
      const last = pending.get(path);
      if (last?.body === body) return last.key;
      const key = newKey();
      pending.set(path, { body, key });
      return key;
    },
    succeeded(path, key) {
      if (pending.get(path)?.key === key) pending.delete(path);
    },
  };
}
