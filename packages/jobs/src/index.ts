export * from "./job-queue.ts";
export { createJobQueue } from "./create-job-queue.ts";
export { appJobs, type AppJobs } from "./catalog.ts";
export { upkeepTasks, workUpkeep } from "./upkeep.ts";
export { pgBossSchemaVersion } from "./postgres/pg-boss-schema.ts";
