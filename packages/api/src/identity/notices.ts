import type { Prisma } from "@conduit/db";
import { enqueueMail, securityNoticeMail } from "@conduit/mail";
import type { Actor } from "../context.ts";
import { deviceOf } from "./devices.ts";
import { noticeQueue } from "../shared/mail-queue.ts";

type Notice = Parameters<typeof securityNoticeMail>[0]["notice"];

/**
 * Puts a security notice in the outbox, in the transaction of the change it tells of: what
 * happened, when, from which device and address, and how to end that session. `key` makes it one
 * mail per occasion however often the job runs.
 */
export async function mailNotice(
  ctx: Pick<Actor, "jobs" | "now" | "ip" | "userAgent" | "publicUrl">,
  tx: Prisma.TransactionClient,
  { to, username, notice, detail, key }: { to: string; username: string; notice: Notice; detail?: string; key: string },
): Promise<void> {
  const jobs = noticeQueue(ctx);
  if (!jobs) return;
  const occasion = { at: ctx.now(), ip: ctx.ip, device: deviceOf(ctx.userAgent) };
  const mail = securityNoticeMail({ username, notice, detail, occasion, settingsUrl: new URL("settings", ctx.publicUrl).toString() });
  await enqueueMail(jobs, tx, { key, to, mail });
}
