import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { z } from "zod";
import { appRouter } from "@conduit/api";
import { testProviders } from "@conduit/db/testing";
import { useServer } from "./harness.ts";

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
};

/** Strings that have broken servers: empty, blank, NUL, lone surrogates, long, injections, encodings. */
const hostileStrings = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udc00x",
  "x".repeat(5_000),
  "' OR '1'='1",
  '"; DROP TABLE "User"; --',
  "../../etc/passwd",
  "%00",
  "%ff",
  "日本語🐉",
  "<script>alert(1)</script>",
  "-1",
  "1e309",
  "null",
  "__proto__",
  "constructor",
];
const anyString = fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom(...hostileStrings), fc.string({ unit: "binary", maxLength: 30 }));
const anyJson = fc.jsonValue({ maxDepth: 3 });

/** Values shaped like a JSON schema (so that most get past parsing into the procedure), sometimes not. */
function arbitraryFor(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return anyJson;
  const shaped = shapedBy(schema, depth);
  return fc.oneof({ weight: 8, arbitrary: shaped }, { weight: 1, arbitrary: anyJson });
}

function shapedBy(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return fc.oneof(...variants.map((v) => arbitraryFor(v, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "string":
      return schema.format === "email"
        ? fc.oneof(fc.emailAddress(), anyString)
        : fc.oneof(fc.string({ maxLength: Math.min(schema.maxLength ?? 80, 200) }), anyString);
    case "integer":
    case "number":
      return fc.oneof(fc.integer({ min: schema.minimum ?? -10, max: Math.min(schema.maximum ?? 1_000, 1_000) }), fc.integer(), fc.double());
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return fc.array(arbitraryFor(schema.items, depth + 1), { maxLength: 12 });
    case "object": {
      const properties = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, arbitraryFor(v, depth + 1)]));
      return fc.record(properties, { requiredKeys: [] });
    }
    default:
      return anyJson;
  }
}

interface Operation {
  method: string;
  path: string;
  parameters?: { name: string; in: "path" | "query"; schema: JsonSchema }[];
  requestBody?: { content: { "application/json": { schema: JsonSchema } } };
}

const auth = fc.constantFrom("none", "valid", "garbage", "malformed");
/** A path segment as a client would encode it; an unpaired surrogate becomes its (invalid) UTF-8 bytes. */
const encodeSegment = (s: string) =>
  s.isWellFormed() ? encodeURIComponent(s) : encodeURIComponent(s.toWellFormed()).replaceAll("%EF%BF%BD", "%ED%A0%80");

describe.each(await testProviders())("random requests on %s", (provider) => {
  // The global per-IP limit would answer most of a long run with 429 before any procedure ran.
  const server = useServer(provider, { env: { RATE_LIMIT_PER_MINUTE: "0" } });

  /** A user and an article that exist, so that some random requests reach real rows. */
  async function fixtures() {
    const token = await server.register("fuzzer");
    const created = await server.app.inject({
      method: "POST",
      url: "/api/articles",
      headers: { authorization: `Token ${token}` },
      payload: { article: { title: "Fuzzed", description: "d", body: "b", tagList: ["fuzz"] } },
    });
    return { token, slug: created.json().article.slug as string, username: "fuzzer" };
  }

  const headersFor = (kind: string, token: string): Record<string, string> =>
    kind === "valid"
      ? { authorization: `Token ${token}` }
      : kind === "garbage"
        ? { authorization: "Token abc.def" }
        : kind === "malformed"
          ? { authorization: "Token \u00ff\u00fe" }
          : {};

  /** Status classes seen, per surface: a generator that never got past validation would show. */
  const seen = { rest: new Set<number>(), trpc: new Set<number>() };

  /** No 5xx, JSON in the API's error shape, the security headers: on every response. */
  function expectWellFormed(
    res: { statusCode: number; body: string; headers: Record<string, unknown> },
    describe: string,
    surface: "rest" | "trpc",
  ) {
    seen[surface].add(Math.floor(res.statusCode / 100));
    expect(res.statusCode, `${describe} -> ${res.statusCode} ${res.body.slice(0, 300)}`).toBeLessThan(500);
    expect(res.headers["x-content-type-options"], describe).toBe("nosniff");
    if (res.statusCode === 204) return;
    const body = JSON.parse(res.body) as Record<string, unknown> | unknown[];
    if (res.statusCode < 400) return;
    if (surface === "rest") {
      const errors = (body as { errors?: Record<string, unknown> }).errors;
      expect(
        errors && Object.values(errors).every((v) => Array.isArray(v) && v.every((m) => typeof m === "string")),
        `${describe}: ${res.body}`,
      ).toBe(true);
    } else {
      const items = Array.isArray(body) ? body : [body];
      for (const item of items)
        expect(item as object, describe).toSatisfy(
          (i: { error?: { message?: unknown; data?: { code?: unknown } }; result?: unknown }) =>
            i.result !== undefined || (typeof i.error?.message === "string" && typeof i.error.data?.code === "string"),
        );
      expect(res.body, describe).not.toMatch(/at .+\.(ts|js):\d+/);
    }
  }

  it("answers random REST requests built from the OpenAPI document with no 5xx and well-formed errors", async () => {
    const { token, slug, username } = await fixtures();
    const document = server.app
      .inject({ url: "/api/openapi.json" })
      .then((r) => r.json() as { paths: Record<string, Record<string, Operation>> });
    const operations = Object.entries((await document).paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, op]) => ({ ...op, method: method.toUpperCase(), path })),
    );
    const pathValue = (name: string) =>
      fc.oneof(
        fc.constant(name === "slug" ? slug : name === "username" ? username : "1"),
        anyString.map(encodeSegment),
        fc.constantFrom("%ff", "%00", "a%2Fb", "x".repeat(600)),
      );

    const request = fc.constantFrom(...operations).chain((op) =>
      fc.record({
        op: fc.constant(op),
        path: fc.record(Object.fromEntries((op.parameters ?? []).filter((p) => p.in === "path").map((p) => [p.name, pathValue(p.name)]))),
        query: fc.record(
          Object.fromEntries((op.parameters ?? []).filter((p) => p.in === "query").map((p) => [p.name, arbitraryFor(p.schema)])),
          { requiredKeys: [] },
        ),
        body: op.requestBody
          ? fc.oneof(
              { weight: 6, arbitrary: arbitraryFor(op.requestBody.content["application/json"].schema) },
              { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
            )
          : fc.constant(undefined),
        contentType: fc.constantFrom(
          "application/json",
          "application/json",
          "application/json",
          "text/plain",
          "application/json; charset=latin1",
        ),
        auth,
      }),
    );

    await fc.assert(
      fc.asyncProperty(request, async ({ op, path, query, body, contentType, auth: kind }) => {
        const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => path[name] as string);
        const search = new URLSearchParams(
          Object.entries(query).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)] as [string, string]),
        ).toString();
        const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
        const res = await server.app.inject({
          method: op.method as "GET",
          url: search ? `${url}?${search}` : url,
          headers: { ...headersFor(kind, token), ...(payload !== undefined ? { "content-type": contentType } : {}) },
          ...(payload !== undefined ? { payload } : {}),
        });
        expectWellFormed(res, `${op.method} ${url}?${search} ${payload?.slice(0, 200) ?? ""}`, "rest");
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 500), seed: Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000), endOnFailure: true },
    );
    expect([...seen.rest].sort()).toEqual([2, 4]);
    expect((await server.app.inject({ url: "/api/articles?limit=5" })).statusCode).toBe(200);
  });

  it("answers random tRPC calls built from every procedure's input schema with no 5xx and well-formed errors", async () => {
    const { token, slug } = await fixtures().catch(async () => ({ token: await server.register(), slug: "none" }));
    // Subscriptions stream until the client leaves; their bad input is tested in live.test.ts.
    const procedures = Object.entries(
      (appRouter._def as unknown as { procedures: Record<string, { _def: { type: string; inputs: z.ZodType[] } }> }).procedures,
    )
      .filter(([, p]) => p._def.type !== "subscription")
      .map(([path, p]) => ({
        path,
        type: p._def.type,
        schema: p._def.inputs[0] ? (z.toJSONSchema(p._def.inputs[0], { io: "input", unrepresentable: "any" }) as JsonSchema) : undefined,
      }));
    const call = fc.constantFrom(...procedures).chain((p) =>
      fc.record({
        procedure: fc.constant(p),
        input: p.schema
          ? fc.oneof({ weight: 6, arbitrary: arbitraryFor(p.schema) }, { weight: 1, arbitrary: fc.record({ slug: fc.constant(slug) }) })
          : fc.oneof(fc.constant(undefined), anyJson),
        auth,
      }),
    );

    await fc.assert(
      fc.asyncProperty(call, async ({ procedure, input, auth: kind }) => {
        const encoded = input === undefined ? "" : JSON.stringify(input);
        const res =
          procedure.type === "query"
            ? await server.app.inject({
                url: `/trpc/${procedure.path}${encoded ? `?input=${encodeURIComponent(encoded)}` : ""}`,
                headers: headersFor(kind, token),
              })
            : await server.app.inject({
                method: "POST",
                url: `/trpc/${procedure.path}`,
                headers: { ...headersFor(kind, token), "content-type": "application/json" },
                payload: encoded || "",
              });
        expectWellFormed(res, `${procedure.type} ${procedure.path} ${encoded.slice(0, 200)}`, "trpc");
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 500), seed: Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000), endOnFailure: true },
    );
    expect([...seen.trpc].sort()).toEqual([2, 4]);
    expect((await server.app.inject({ url: "/health" })).statusCode).toBe(200);
  });
});
