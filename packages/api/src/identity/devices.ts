import Bowser from "bowser";
import type { Prisma } from "@conduit/db";

/** A device not seen on an account for this long is news to its owner. */
const deviceMemoryMs = 90 * 24 * 60 * 60 * 1000;

/** A user agent as a person reads it ("Chrome 156 on Linux"); one no parser knows, by its first word ("curl/8.5.0"). */
export function deviceOf(userAgent: string | null): string {
  if (!userAgent) return "an unknown device";
  const parsed = Bowser.parse(userAgent);
  const browser = [parsed.browser.name, parsed.browser.version?.split(".")[0]].filter(Boolean).join(" ");
  const os = parsed.os.name;
  if (!browser && !os) return userAgent.split(" ")[0]!.slice(0, 40);
  return os ? `${browser || "a browser"} on ${os}` : browser;
}

/**
 * Records that the account signed in from `device` now; true when the device is new to it, or
 * was last seen more than 90 days ago.
 */
export async function noteDevice(tx: Prisma.TransactionClient, userId: number, device: string, now: Date): Promise<boolean> {
  const known = await tx.knownDevice.findUnique({ where: { userId_device: { userId, device } }, select: { lastSeenAt: true } });
  await tx.knownDevice.upsert({
    where: { userId_device: { userId, device } },
    create: { userId, device, lastSeenAt: now },
    update: { lastSeenAt: now },
  });
  return !known || now.getTime() - known.lastSeenAt.getTime() > deviceMemoryMs;
}
