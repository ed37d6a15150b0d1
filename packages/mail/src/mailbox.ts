import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";

/** A mail kept in the local mailbox (no SMTP_URL): one JSON file per message. */
export interface MailboxMessage {
  /** The file's name without `.json`: the time it was kept, then the outbox key. */
  id: string;
  key: string;
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  date: string;
}

/** Messages /dev/mail lists at most: the newest. */
const mailboxListLimit = 100;

const idPattern = /^\d{13}-[\w.-]{1,120}$/;

export async function writeMailbox(dir: string, message: Omit<MailboxMessage, "id" | "date">): Promise<MailboxMessage> {
  const date = new Date();
  const id = `${date.getTime()}-${message.key.replace(/[^\w.-]/g, "_").slice(0, 120)}`;
  const kept = { ...message, id, date: date.toISOString() };
  await mkdir(dir, { recursive: true });
  // Written whole, then renamed: a reader never sees half a message.
  const file = path.join(dir, `${id}.json`);
  await writeFile(`${file}.tmp`, JSON.stringify(kept, null, 2));
  await rename(`${file}.tmp`, file);
  return kept;
}

/** The newest messages first. */
export async function listMailbox(dir: string, limit = mailboxListLimit): Promise<MailboxMessage[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const ids = names
    .filter((name) => name.endsWith(".json"))
    .map((name) => name.slice(0, -".json".length))
    .filter((id) => idPattern.test(id))
    .sort()
    .reverse()
    .slice(0, limit);
  return (await Promise.all(ids.map((id) => readMailboxMessage(dir, id)))).filter((m) => m !== null);
}

/** One message by its id, or null (also for an id that is not a mailbox file's name). */
export async function readMailboxMessage(dir: string, id: string): Promise<MailboxMessage | null> {
  if (!idPattern.test(id)) return null;
  try {
    return JSON.parse(await readFile(path.join(dir, `${id}.json`), "utf8")) as MailboxMessage;
  } catch {
    return null;
  }
}
