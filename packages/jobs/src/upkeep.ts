import { z } from "zod";
import type { Db } from "@conduit/db";
import type { JobDefinition, JobQueue } from "./job-queue.ts";

/**
 * A scheduled deletion of what has expired. Each domain names its own (sessions beside the
 * sessions, deliveries beside the mailer); the server gives them to `workUpkeep`.
 */
export interface UpkeepTask<Name extends `upkeep.${string}` = `upkeep.${string}`> {
  /** Its job's name. */
  name: Name;
  /** It runs once per period, across every instance. */
  everySeconds: number;
  /** Deletes what has expired and says how many rows it removed. */
  run: () => Promise<number>;
}

/** Every upkeep job's definition: no payload, a few tries, a generous lease. */
export const upkeepJob = { payload: z.object({}), maxAttempts: 3, retryDelaySeconds: 30, leaseSeconds: 300 } satisfies JobDefinition;

/** The catalog entries of these tasks' jobs, by their names (each domain's names, spelt out). */
export type UpkeepJobs<Tasks extends readonly UpkeepTask[]> = Record<Tasks[number]["name"], typeof upkeepJob>;

/** The catalog entries of these tasks' jobs. */
export function upkeepCatalog<const Tasks extends readonly UpkeepTask[]>(tasks: Tasks): UpkeepJobs<Tasks> {
  return Object.fromEntries(tasks.map((task) => [task.name, upkeepJob])) as UpkeepJobs<Tasks>;
}

const day = 86_400_000;
/** Finished jobs of the table runner are kept this long for a look at what ran (pg-boss prunes its own). */
const finishedJobRetentionMs = 7 * day;

/** The queue's own upkeep: finished jobs of the table runner, hourly. */
export function queueUpkeep(db: Db) {
  return [
    {
      name: "upkeep.jobs",
      everySeconds: 3_600,
      run: async () =>
        (
          await db.job.deleteMany({
            where: { state: { in: ["completed", "failed"] }, finishedAt: { lt: new Date(Date.now() - finishedJobRetentionMs) } },
          })
        ).count,
    },
  ] as const satisfies readonly UpkeepTask[];
}

/** Registers each task as a scheduled job; `onRemoved` logs and counts what each removed. */
export function workUpkeep<const Tasks extends readonly UpkeepTask[]>(
  queue: JobQueue<UpkeepJobs<Tasks>>,
  tasks: Tasks,
  onRemoved: (task: UpkeepTask["name"], removed: number) => void,
): void {
  for (const task of tasks) {
    queue.work(
      task.name,
      async () => {
        const removed = await task.run();
        onRemoved(task.name, removed);
        return { removed };
      },
      { concurrency: 1 },
    );
    queue.schedule(task.name, task.everySeconds);
  }
}
