import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  base: string;
  /** Milliseconds from spawn to the first 200 on /health. */
  startupMs: number;
  /** SIGTERM (unless a signal was sent already: a second SIGTERM makes the server exit at once, with 1), then wait for the exit; resolves with the exit code. */
  stop: () => Promise<number | null>;
}

/**
 * Spawns `node <args>` with PORT and HOST set to `port` (default: a free one) on 127.0.0.1, and waits (polling
 * every 5 ms, 30 s at most) until GET /health answers 200.
 */
export async function startServerProcess(
  args: string[],
  env: Record<string, string>,
  stdio: StdioOptions = ["ignore", "inherit", "inherit"],
  port?: number,
): Promise<ServerProcess> {
  port ??= await freePort();
  const started = performance.now();
  // Mail kept locally (no SMTP_URL) goes to a folder of the test's, never the repository's data folder.
  const mailDir = env.MAIL_DIR ?? mkdtempSync(path.join(os.tmpdir(), "conduit-mail-"));
  const child = spawn(process.execPath, args, {
    env: { ...process.env, MAIL_DIR: mailDir, ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio,
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (
      await fetch(`${base}/health`).then(
        (r) => r.status === 200,
        () => false,
      )
    )
      break;
    if (child.exitCode !== null) throw new Error(`${args.join(" ")} exited with ${child.exitCode}`);
    if (performance.now() - started > 30_000) {
      child.kill("SIGKILL");
      throw new Error(`${args.join(" ")} did not answer /health within 30 s`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  return {
    child,
    base,
    startupMs: performance.now() - started,
    stop: async () => {
      if (child.exitCode === null && !child.killed) child.kill("SIGTERM");
      return exited;
    },
  };
}

const serverDir = new URL("../../../apps/server/", import.meta.url);

/**
 * The production server as `pnpm start` runs it: `node`, the flags of apps/server's start script
 * (its memory settings), and the built bundle. Bench, conformance and browser tests start this.
 */
export function productionServerArgs(): string[] {
  const { scripts } = JSON.parse(readFileSync(new URL("package.json", serverDir), "utf8")) as { scripts: { start: string } };
  const [node, ...rest] = scripts.start.trim().split(/\s+/);
  if (node !== "node" || rest.at(-1) !== "dist/main.js")
    throw new Error(`apps/server's start script is not "node [flags] dist/main.js": ${scripts.start}`);
  return [...rest.slice(0, -1), fileURLToPath(new URL("dist/main.js", serverDir))];
}

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves with the exit code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Spawns the built job worker (`node dist/worker.js`) and waits (30 s at most) for its
 * "worker running jobs" line. Its log lines go to `onLine`.
 */
export async function startWorkerProcess(env: Record<string, string>, onLine: (line: string) => void = () => {}): Promise<WorkerProcess> {
  const mailDir = env.MAIL_DIR ?? mkdtempSync(path.join(os.tmpdir(), "conduit-mail-"));
  const child = spawn(process.execPath, [fileURLToPath(new URL("dist/worker.js", serverDir))], {
    env: { ...process.env, MAIL_DIR: mailDir, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the worker did not start within 30 s")), 30_000);
    let buffered = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline;
      while ((newline = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        onLine(line);
        if (line.includes('"msg":"worker running jobs"')) {
          clearTimeout(timer);
          resolve();
        }
      }
    });
    void exited.then(({ code }) => reject(new Error(`the worker exited with ${code} before it started`)));
  });
  return { child, exited };
}
