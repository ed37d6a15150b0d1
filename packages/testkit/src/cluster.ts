import { createServer, connect, type Socket } from "node:net";
import { productionServerArgs, startServerProcess, type ServerProcess } from "./server-process.ts";

export interface RoundRobinProxy {
  base: string;
  /** Ports of the instances holding the server-sent-event streams open through the proxy now. */
  streamPorts(): number[];
  close(): Promise<void>;
}

/**
 * A load balancer in a few lines, for tests: each new TCP connection goes to the next port in
 * turn; one that refuses the connection (a killed instance) is skipped. No stickiness, no HTTP
 * parsing, except that it notices which connections carry an event stream.
 */
export function roundRobinProxy(ports: number[]): Promise<RoundRobinProxy> {
  let next = 0;
  const open = new Set<{ client: Socket; upstream: Socket | null; port: number; stream: boolean }>();
  const server = createServer((client) => {
    const entry = { client, upstream: null as Socket | null, port: 0, stream: false };
    open.add(entry);
    client.on("error", () => {});
    const attempt = (left: number) => {
      const port = ports[next++ % ports.length]!;
      const upstream = connect(port, "127.0.0.1");
      upstream.once("error", () => {
        if (!entry.upstream) return left > 1 ? attempt(left - 1) : client.destroy();
        client.destroy();
      });
      upstream.once("connect", () => {
        Object.assign(entry, { upstream, port });
        client.pipe(upstream);
        upstream.pipe(client);
        upstream.on("data", (chunk: Buffer) => {
          if (!entry.stream && chunk.includes("text/event-stream")) entry.stream = true;
        });
        upstream.on("close", () => client.destroy());
      });
    };
    client.on("close", () => {
      entry.upstream?.destroy();
      open.delete(entry);
    });
    attempt(ports.length);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      resolve({
        base: `http://127.0.0.1:${port}`,
        streamPorts: () => [...open].filter((e) => e.stream && !e.client.destroyed).map((e) => e.port),
        close: () =>
          new Promise<void>((done) => {
            for (const entry of open) entry.client.destroy();
            server.close(() => done());
          }),
      });
    }),
  );
}

export interface Cluster {
  /** The proxy's address: what a client behind a load balancer would use. */
  base: string;
  proxy: RoundRobinProxy;
  instances: ServerProcess[];
  /** The instance listening on `port`. */
  instanceOn(port: number): ServerProcess;
  /** Starts the instance on `port` again (after a test killed it). */
  restart(port: number): Promise<ServerProcess>;
  stop(): Promise<void>;
}

/**
 * `count` production server processes (dist/main.js, as `pnpm start` runs it) on one database,
 * each on a port of its own, with a round-robin proxy in front.
 */
export async function startCluster(count: number, env: Record<string, string>): Promise<Cluster> {
  const start = (port?: number) => startServerProcess(productionServerArgs(), env, ["ignore", "ignore", "inherit"], port);
  const instances = await Promise.all(Array.from({ length: count }, () => start()));
  const portOf = (i: ServerProcess) => Number(new URL(i.base).port);
  const proxy = await roundRobinProxy(instances.map((i) => Number(new URL(i.base).port)));
  return {
    base: proxy.base,
    proxy,
    instances,
    instanceOn: (port) => instances.find((i) => portOf(i) === port)!,
    async restart(port) {
      const index = instances.findIndex((i) => portOf(i) === port);
      await instances[index]!.stop();
      return (instances[index] = await start(port));
    },
    async stop() {
      await proxy.close();
      await Promise.all(instances.map((i) => i.stop()));
    },
  };
}
