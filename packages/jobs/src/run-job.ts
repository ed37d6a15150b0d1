import type { JobDefinition, JobHandler, JobOutcome, RunningJob } from "./job-queue.ts";

/**
 * One run of a handler, the same on both drivers: the stored payload is checked against the job's
 * schema again (it may have been written by an older release), the handler's result is the job's
 * output, and the outcome is reported with its duration. Rethrows, so the driver records the failure.
 */
export async function runJob<P>(
  definition: JobDefinition,
  handler: JobHandler<P>,
  stored: unknown,
  job: RunningJob & { maxAttempts: number },
  onOutcome: ((outcome: JobOutcome) => void) | undefined,
): Promise<unknown> {
  const started = performance.now();
  const report = (outcome: JobOutcome["outcome"], error?: Error) =>
    onOutcome?.({ name: job.name, outcome, durationSeconds: (performance.now() - started) / 1000, error });
  try {
    const output = await handler(definition.payload.parse(stored) as P, {
      id: job.id,
      name: job.name,
      attempt: job.attempt,
      ...(job.period ? { period: job.period } : {}),
    });
    report("completed");
    return output ?? null;
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    report(job.attempt >= job.maxAttempts ? "failed" : "retry", failure);
    throw failure;
  }
}

/** The slot a scheduled job belongs to: periods are counted from the epoch, so every instance agrees. */
export function periodStart(everySeconds: number, now = Date.now()): Date {
  const period = everySeconds * 1000;
  return new Date(Math.floor(now / period) * period);
}

/** How often an instance asks for a schedule's job: often enough to start it early in its period. */
export function scheduleTickMs(everySeconds: number): number {
  return Math.min(30_000, Math.max(250, (everySeconds * 1000) / 4));
}
