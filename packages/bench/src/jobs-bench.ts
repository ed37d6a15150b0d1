// pnpm bench:jobs [--writes 1000] [--mails 2000]
//  1. the outbox's cost: the sign-up's write (a user in a transaction, no password hashing) with
//     its welcome mail enqueued in the same transaction, against the same write alone, in this
//     process, 8 writers, on SQLite and PostgreSQL (best of 3 alternating rounds);
//  2. throughput on PostgreSQL: --mails welcome mails queued first, then sent by one and by two
//     worker processes (dist/worker.js, JOBS_CONCURRENCY=8) to an SMTP server in this process.
// Figures only: nothing here passes or fails.
import os from "node:os";
import { parseArgs } from "node:util";
import { createTestDatabase, waitFor, type Provider } from "@conduit/db/testing";
import { createJobQueue } from "@conduit/jobs";
import { enqueueMail, mailJobs, welcomeMail } from "@conduit/mail";
import { startSmtpServer, startWorkerProcess } from "@conduit/testkit";
import { bestOfRounds } from "./rounds.ts";

const { values } = parseArgs({ options: { writes: { type: "string", default: "1000" }, mails: { type: "string", default: "2000" } } });
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

async function outboxCost(provider: Provider, count: number) {
  const database = await createTestDatabase(provider, { poolSize: 10 });
  const { db } = database;
  const queue = await createJobQueue(db, { catalog: mailJobs });
  await queue.start();
  let n = 0;
  const user = () => {
    const name = `cost${++n}`;
    return { email: `${name}@bench.test`, username: name, passwordHash: "x" };
  };
  const ops = {
    "sign-up write alone": () => db.$transaction((tx) => tx.user.create({ data: user(), select: { id: true } })),
    "sign-up write + welcome mail": () =>
      db.$transaction(async (tx) => {
        const created = await tx.user.create({ data: user(), select: { id: true, username: true, email: true } });
        await enqueueMail(queue, tx, {
          key: `welcome:${created.id}`,
          to: created.email,
          mail: welcomeMail({ username: created.username, appUrl: "http://x/" }),
        });
      }),
  };
  const best = await bestOfRounds(ops, count);
  await queue.stop(1_000);
  await database.drop();
  return {
    provider,
    "alone /s": Math.round(best["sign-up write alone"]),
    "with mail /s": Math.round(best["sign-up write + welcome mail"]),
    ratio: round(best["sign-up write + welcome mail"] / best["sign-up write alone"]),
  };
}

async function throughput(workers: number, mails: number) {
  const database = await createTestDatabase("postgresql");
  const smtp = await startSmtpServer();
  const queue = await createJobQueue(database.db, { catalog: mailJobs });
  await queue.start();
  for (let i = 0; i < mails; i += 100) {
    await database.db.$transaction(async (tx) => {
      for (let j = i; j < Math.min(mails, i + 100); j++)
        await enqueueMail(queue, tx, {
          key: `bench:${j}`,
          to: `reader${j}@bench.test`,
          mail: welcomeMail({ username: `reader${j}`, appUrl: "http://x/" }),
        });
    });
  }
  await queue.stop(1_000);
  const env = { DATABASE_URL: database.url, SMTP_URL: smtp.url, JOBS_CONCURRENCY: "8", JOBS_POLL_INTERVAL_MS: "200", LOG_LEVEL: "warn" };
  const started = performance.now();
  const processes = await Promise.all(Array.from({ length: workers }, () => startWorkerProcess({ ...env, LOG_LEVEL: "info" })));
  await waitFor(() => new Set(smtp.received.map((m) => m.messageId)).size >= mails, 600_000, "every mail");
  const seconds = (performance.now() - started) / 1000;
  for (const worker of processes) worker.child.kill("SIGTERM");
  await Promise.all(processes.map((worker) => worker.exited));
  await smtp.close();
  await database.drop();
  return { workers, mails, seconds: round(seconds, 1), "mails /s": Math.round(mails / seconds) };
}

console.log(`${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}, ${new Date().toISOString()}`);
console.log("the outbox's cost inside a write (in process, 8 writers, best of 3 rounds)...");
console.table([await outboxCost("sqlite", Number(values.writes)), await outboxCost("postgresql", Number(values.writes))]);
console.log("welcome mails through worker processes on PostgreSQL to an SMTP server (start of the workers to the last mail)...");
const mails = Number(values.mails);
console.table([await throughput(1, mails), await throughput(2, mails), await throughput(1, mails), await throughput(2, mails)]);
process.exit(0);
