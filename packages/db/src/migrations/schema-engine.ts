import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import type * as SchemaEngineBindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { DatabaseTarget } from "../database-url.ts";

/**
 * Prisma's own schema engine, compiled to WebAssembly. The native engine binary that the Prisma
 * CLI downloads is not needed: this is the same engine the CLI ran for `engine: "js"` in 6.x.
 * Its ESM entry imports the .wasm file directly, which Node does not support, so it is
 * instantiated by hand here.
 */
export interface EngineSession {
  engine: SchemaEngine;
  /** The real cause of an engine error: driver errors come back as "External error id#N". */
  explain(error: unknown): string;
  /** Frees the engine and closes its database connections (it leaves them open otherwise). */
  close(): Promise<void>;
}

export async function loadSchemaEngine(target: DatabaseTarget | null, schema: { path: string; content: string }): Promise<EngineSession> {
  const bg = await (bindings ??= instantiate());
  const connections: { dispose(): Promise<void> }[] = [];
  const factory = tracked(target ? adapterFactory(target) : offlineAdapterFactory(schema.content), connections);
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  const log = (line: string) => {
    if (process.env.DEBUG_SCHEMA_ENGINE) console.error(line);
  };
  const explain = (error: unknown): string => {
    const panic = lastPanic;
    lastPanic = undefined;
    const message = panic ?? (error instanceof Error ? error.message : String(error));
    return message.replace(/External error id#(\d+)/g, (whole, id: string) => {
      const cause = adapter.errorRegistry.consumeError(Number(id)) as { error?: unknown } | undefined;
      return cause ? describeDriverError(cause.error) : whole;
    });
  };
  try {
    const engine = await bg.SchemaEngine.new({ datamodels: [[schema.path, schema.content]] }, log, adapter);
    const close = async () => {
      engine.free();
      await Promise.all(connections.splice(0).map((c) => c.dispose().catch(() => undefined)));
    };
    return { engine, explain, close };
  } catch (error) {
    throw new Error(explain(error), { cause: error });
  }
}

function describeDriverError(error: unknown): string {
  if (error && typeof error === "object") {
    const e = error as { kind?: string; message?: string; originalMessage?: string; cause?: string };
    return [e.kind, e.originalMessage ?? e.message ?? e.cause].filter(Boolean).join(": ") || JSON.stringify(error);
  }
  return String(error);
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, object>) => { exports: Record<string, unknown> };
}
type Bindings = typeof SchemaEngineBindings;
let bindings: Promise<Bindings> | undefined;

async function instantiate(): Promise<Bindings> {
  const require = createRequire(import.meta.url);
  const bg = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const wasmPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg").replace(/\.js$/, ".wasm");
  // Node has WebAssembly; TypeScript declares it only with the DOM library, which a server omits.
  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const instance = new wasm.Instance(new wasm.Module(readFileSync(wasmPath)), { "./schema_engine_bg.js": bg });
  // A Rust panic inside the engine reports its message here before it throws.
  (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY = {
    set_message(message: string) {
      lastPanic = message;
    },
  };
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  return bg;
}

let lastPanic: string | undefined;

function adapterFactory(target: DatabaseTarget) {
  return target.provider === "sqlite"
    ? new PrismaBetterSqlite3({ url: target.file })
    : new PrismaPg({ connectionString: target.url, max: 2 });
}

/**
 * Diffs between two schema texts touch no table, but the engine still wants a connection: on
 * PostgreSQL it asks the server for its version before writing SQL. Any reachable PostgreSQL
 * will do (only read); MIGRATION_DIFF_PG_URL names one other than the local default.
 */
function offlineAdapterFactory(schemaText: string) {
  const isPg = /provider\s*=\s*"postgresql"/.test(schemaText);
  const pgUrl = process.env.MIGRATION_DIFF_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  return isPg ? new PrismaPg({ connectionString: pgUrl, max: 1 }) : new PrismaBetterSqlite3({ url: ":memory:" });
}

type Factory = PrismaPg | PrismaBetterSqlite3;

/** Remembers every connection the engine opens, so that they can be closed when it is done. */
function tracked<F extends Factory>(factory: F, connections: { dispose(): Promise<void> }[]): F {
  const connect = factory.connect.bind(factory);
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  factory.connect = async () => {
    const adapter = wholeScripts(await connect());
    connections.push(adapter);
    return adapter;
  };
  factory.connectToShadowDb = async () => {
    const adapter = await connectToShadowDb();
    connections.push(adapter);
    return adapter;
  };
  return factory;
}

interface PgScriptAdapter {
  executeScript(script: string): Promise<void>;
  client?: { query(text: string): Promise<unknown> };
  onError?(error: unknown): never;
}

/**
 * `@prisma/adapter-pg` 7.10 runs a migration script by splitting it on every ";", which cuts a
 * function body (`$$ ... ; ... $$`) or a string holding a semicolon in two: pg-boss's schema
 * migration failed with "unterminated dollar-quoted string". PostgreSQL's simple query protocol
 * takes the whole script in one message, as the native engine sends it. SQLite's adapter runs
 * scripts whole already.
 */
function wholeScripts<A extends object>(adapter: A): A {
  const pgAdapter = adapter as unknown as PgScriptAdapter;
  const client = pgAdapter.client;
  if (typeof client?.query !== "function" || typeof pgAdapter.onError !== "function") return adapter;
  pgAdapter.executeScript = async (script) => {
    try {
      await client.query(script);
    } catch (error) {
      pgAdapter.onError!(error);
    }
  };
  return adapter;
}
