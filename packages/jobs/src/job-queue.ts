import type { z } from "zod";
import type { Prisma } from "@conduit/db";

/** What a job is: its payload's schema, and how hard to try. */
export interface JobDefinition<Payload extends z.ZodType = z.ZodType> {
  payload: Payload;
  /** Runs before the job is marked failed with its last error (the first run included). */
  maxAttempts: number;
  /** The delay before the first retry; each later one is about twice the one before. */
  retryDelaySeconds: number;
  /**
   * How long one run may hold the job. A worker that has not finished by then is taken for dead
   * (killed, frozen, cut off) and the job is run again elsewhere, so handlers must tolerate a
   * second run: keep this well above the slowest run.
   */
  leaseSeconds: number;
}

export type JobCatalog = Record<string, JobDefinition>;
type JobName<C extends JobCatalog> = keyof C & string;
type PayloadInput<C extends JobCatalog, N extends JobName<C>> = z.input<C[N]["payload"]>;
type Payload<C extends JobCatalog, N extends JobName<C>> = z.output<C[N]["payload"]>;

export interface EnqueueOptions {
  /**
   * The transaction of the change that causes the job: the job exists if and only if that change
   * commits (an outbox). Without it the job is committed on its own, at once.
   */
  tx?: Prisma.TransactionClient;
  /** Not before this time. */
  runAt?: Date;
  /** At most one job of this name and key waits or runs at a time; another enqueue is dropped (null). */
  singletonKey?: string;
  /** Overrides the definition's attempts for this one job. */
  maxAttempts?: number;
}

/** The run a handler is called for. */
export interface RunningJob {
  id: string;
  name: string;
  /** 1 on the first run. */
  attempt: number;
  /** For a scheduled job, the start of the period it runs for. */
  period?: Date;
}

/** Resolves with the job's output (stored as JSON: a mail's message id), or throws to fail the run. */
export type JobHandler<P> = (payload: P, job: RunningJob) => Promise<unknown>;

export const jobStates = ["created", "retry", "active", "completed", "failed"] as const;
export type JobStateName = (typeof jobStates)[number];

/** A job as the queue keeps it. */
export interface JobRecord {
  id: string;
  name: string;
  state: JobStateName;
  /** Runs started so far. */
  attempts: number;
  /** The last failed run's error message. */
  lastError: string | null;
  output: unknown;
}

/** What happened to one run, for metrics and logs. */
export interface JobOutcome {
  name: string;
  /** `retry`: it failed and will run again; `failed`: it failed for the last time. */
  outcome: "completed" | "retry" | "failed";
  durationSeconds: number;
  error?: Error;
}

export interface QueueCount {
  name: string;
  state: JobStateName;
  count: number;
}

/** One interface over pg-boss (PostgreSQL) and the `Job` table runner (SQLite). */
export interface JobQueue<C extends JobCatalog> {
  readonly driver: "pg-boss" | "table";
  /** Validates the payload with the job's schema and stores the job; null when `singletonKey` dropped it. */
  enqueue<N extends JobName<C>>(name: N, payload: PayloadInput<C, N>, options?: EnqueueOptions): Promise<string | null>;
  /** Runs `name`'s jobs in this process once started, `concurrency` at a time. */
  work<N extends JobName<C>>(name: N, handler: JobHandler<Payload<C, N>>, options?: { concurrency?: number }): void;
  /** Enqueues `name` once per period of `everySeconds`, however many instances ask. */
  schedule(name: JobName<C>, everySeconds: number): void;
  start(): Promise<void>;
  /** Stops taking jobs, waits up to `graceMs` for running ones, and hands back what is still running. */
  stop(graceMs?: number): Promise<void>;
  find(name: JobName<C>, id: string): Promise<JobRecord | null>;
  /** Jobs kept, by name and state (the queue depth metric). */
  counts(): Promise<QueueCount[]>;
}

export interface QueueOptions<C extends JobCatalog> {
  catalog: C;
  /** How often an idle worker looks for jobs. */
  pollIntervalMs?: number;
  /** Called after every run. */
  onOutcome?: (outcome: JobOutcome) => void;
}

export const defaultPollIntervalMs = 1_000;
export const defaultConcurrency = 4;

/** Delay before retry number `retry` (1 for the first): doubling from the definition's delay. */
export function retryDelayMs(definition: Pick<JobDefinition, "retryDelaySeconds">, retry: number): number {
  return definition.retryDelaySeconds * 1000 * 2 ** (retry - 1);
}
