import type { Db } from "@conduit/db";
import { queueUpkeep, upkeepCatalog, type UpkeepJobs } from "@conduit/jobs";
import { mailJobs, mailUpkeep, type MailJobs } from "@conduit/mail";
import { accountJobs, apiUpkeep } from "@conduit/api";
import type { Config } from "../config.ts";

const hourMs = 3_600_000;

/** Every scheduled deletion, each from the domain whose rows it deletes. */
export function upkeepTasksOf(db: Db, config: Pick<Config, "EVENT_RETENTION_HOURS" | "AUDIT_RETENTION_DAYS">) {
  return [
    ...apiUpkeep(db, {
      eventRetentionMs: config.EVENT_RETENTION_HOURS * hourMs,
      auditRetentionMs: config.AUDIT_RETENTION_DAYS * 24 * hourMs,
    }),
    ...mailUpkeep(db),
    ...queueUpkeep(db),
  ] as const;
}

type UpkeepTasks = ReturnType<typeof upkeepTasksOf>;

/** Every job the app runs, by name: each domain names its own (mail, the account's codes, upkeep). */
export type AppJobs = MailJobs & typeof accountJobs & UpkeepJobs<UpkeepTasks>;

/** The catalog the queue is made with, every lease set to `leaseSeconds` when it is given (tests). */
export function appCatalog(tasks: UpkeepTasks, leaseSeconds?: number): AppJobs {
  const catalog: AppJobs = { ...mailJobs, ...accountJobs, ...upkeepCatalog(tasks) };
  if (!leaseSeconds) return catalog;
  return Object.fromEntries(Object.entries(catalog).map(([name, def]) => [name, { ...def, leaseSeconds }])) as AppJobs;
}
