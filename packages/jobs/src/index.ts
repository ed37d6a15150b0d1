export * from "./job-queue.ts";
export { createJobQueue } from "./create-job-queue.ts";
export { appJobs, mailMessage, type AppJobs, type MailMessage } from "./catalog.ts";
export { upkeepEverySeconds, upkeepTasks, workUpkeep, type UpkeepJob, type UpkeepSettings } from "./upkeep.ts";
export { pgBossSchemaVersion } from "./postgres/pg-boss-schema.ts";
