export * from "./job-queue.ts";
export { createJobQueue } from "./create-job-queue.ts";
export { queueUpkeep, upkeepCatalog, upkeepJob, workUpkeep, type UpkeepJobs, type UpkeepTask } from "./upkeep.ts";
export { pgBossSchemaVersion } from "./postgres/pg-boss-schema.ts";
