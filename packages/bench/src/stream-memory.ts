// pnpm --filter @conduit/bench run stream-memory [N]
// The heap one open live stream holds: the production server (inspector on, heap cap lifted) on
// a fresh SQLite file, its live heap after a forced GC with no stream and with N streams open
// (default 200), read over the inspector protocol. A figure, not a test.
import { createTestDatabase } from "@conduit/db/testing";
import { freePort, productionServerArgs, startServerProcess, subscribeLive } from "@conduit/testkit";

const n = Number(process.argv[2] ?? 200);
const database = await createTestDatabase("sqlite");
await database.close();
const inspectPort = await freePort();
const args = productionServerArgs().filter((a) => !a.startsWith("--max-old-space-size"));
const env = {
  DATABASE_URL: database.url,
  NODE_ENV: "production",
  COOKIE_SECRET: "stream-memory-cookie-secret-0123456789",
  LOG_LEVEL: "warn",
  LIVE_MAX_STREAMS: String(n + 10),
  LIVE_MAX_STREAMS_PER_USER: String(n + 10),
};
const server = await startServerProcess([`--inspect=127.0.0.1:${inspectPort}`, ...args], env, ["ignore", "ignore", "ignore"]);
const targets = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
const ws = new WebSocket(targets[0]!.webSocketDebuggerUrl);
await new Promise((r) => ws.addEventListener("open", r, { once: true }));
let id = 0;
const send = (method: string) =>
  new Promise<{ usedSize?: number }>((resolve) => {
    const mine = ++id;
    const on = (e: MessageEvent) => {
      const message = JSON.parse(String(e.data)) as { id?: number; result: { usedSize?: number } };
      if (message.id !== mine) return;
      ws.removeEventListener("message", on);
      resolve(message.result);
    };
    ws.addEventListener("message", on);
    ws.send(JSON.stringify({ id: mine, method }));
  });
const liveHeapMb = async () => {
  await send("HeapProfiler.collectGarbage");
  return (await send("Runtime.getHeapUsage")).usedSize! / 2 ** 20;
};

await fetch(`${server.base}/api/articles`);
const before = await liveHeapMb();
const streams = Array.from({ length: n }, () => subscribeLive(server.base, {}));
await Promise.all(streams.map((s) => s.until((events) => events.length > 0, 60_000)));
await new Promise((r) => setTimeout(r, 1_000));
const open = await liveHeapMb();
for (const s of streams) s.close();
await new Promise((r) => setTimeout(r, 1_000));
const closed = await liveHeapMb();
console.log(
  `live heap: ${before.toFixed(1)} MB idle, ${open.toFixed(1)} MB with ${n} streams (${(((open - before) * 1024) / n).toFixed(1)} KB each), ${closed.toFixed(1)} MB once they closed`,
);
ws.close();
await server.stop();
await database.drop();
process.exit(0);
