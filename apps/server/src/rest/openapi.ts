import { z } from "zod";
import { appRouter, procedureAt, type ProcedureFacts } from "@conduit/api";
import { restRoutes, type ProcedurePath } from "./routes.ts";

type JsonSchema = Record<string, unknown> & { properties?: Record<string, unknown>; required?: string[] };
/** A procedure's zod schemas (the REST table names only procedures that exist: routes.ts is typed by them). */
function schemasOf(path: ProcedurePath): ProcedureFacts {
  const facts = procedureAt(appRouter, path);
  if (!facts) throw new Error(`REST route to ${path}: no procedure there`);
  return facts;
}

function schemaOf(type: z.ZodType | undefined, io: "input" | "output"): JsonSchema | undefined {
  if (!type) return undefined;
  const { $schema: _ignored, ...schema } = z.toJSONSchema(type, { io, unrepresentable: "any" }) as JsonSchema;
  return schema;
}

function without(schema: JsonSchema | undefined, names: string[]): JsonSchema | undefined {
  if (!schema?.properties) return schema;
  const properties = Object.fromEntries(Object.entries(schema.properties).filter(([k]) => !names.includes(k)));
  return { ...schema, properties, required: (schema.required ?? []).filter((k) => !names.includes(k)) };
}

const wrap = (key: string, schema: JsonSchema | undefined) => ({ type: "object", properties: { [key]: schema ?? {} }, required: [key] });

const errorResponse = (description: string) => ({
  description,
  content: {
    "application/json": {
      schema: {
        type: "object",
        properties: { errors: { type: "object", additionalProperties: { type: "array", items: { type: "string" } } } },
      },
    },
  },
});

/**
 * OpenAPI 3.1 for the REST surface, built from the route table and each procedure's own zod
 * input and output schemas: the document cannot drift from what the server validates.
 */
const idempotencyKeyParameter = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description:
    'Makes a retry safe (IETF draft "The Idempotency-Key HTTP Header Field"): a retry with the same key and request gets the first answer, status and body, with `Idempotent-Replayed: true`, without running again. Keys are per user, kept 24 h; 1 to 255 visible ASCII characters.',
  schema: { type: "string", minLength: 1, maxLength: 255 },
};

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of restRoutes) {
    const def = schemasOf(route.procedure);
    const pathParams = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    const input = schemaOf(def.inputs[0], "input");
    const output = schemaOf(def.output, "output");
    const query = route.method === "GET" && input?.properties ? Object.keys(without(input, pathParams)!.properties!) : [];

    const operation: Record<string, unknown> = {
      operationId: route.procedure,
      summary: route.summary,
      tags: [route.tag],
      ...(route.auth !== "none" ? { security: route.auth === "required" ? [{ Token: [] }] : [{ Token: [] }, {}] } : {}),
      parameters: [
        ...pathParams.map((name) => ({ name, in: "path", required: true, schema: { type: name === "id" ? "integer" : "string" } })),
        ...query.map((name) => ({ name, in: "query", required: false, schema: input!.properties![name] })),
        ...(route.method !== "GET" && route.auth === "required" ? [idempotencyKeyParameter] : []),
      ],
      ...(route.bodyKey
        ? { requestBody: { required: true, content: { "application/json": { schema: wrap(route.bodyKey, without(input, pathParams)) } } } }
        : {}),
      responses: {
        [route.status]:
          route.status === 204
            ? { description: "Done" }
            : {
                description: "Success",
                content: { "application/json": { schema: route.responseKey ? wrap(route.responseKey, output) : output } },
              },
        ...(route.auth === "required" ? { 401: errorResponse("No valid session token") } : {}),
        ...(route.method !== "GET" && pathParams.length ? { 403: errorResponse("Not the owner"), 404: errorResponse("Not found") } : {}),
        422: errorResponse(
          route.method !== "GET" && route.auth === "required"
            ? "Invalid input, or an Idempotency-Key already used with a different request"
            : "Invalid input",
        ),
        ...(route.method !== "GET" && route.auth === "required"
          ? { 409: errorResponse("Conflict, or the first request with this Idempotency-Key is still running (see Retry-After)") }
          : {}),
      },
    };
    const openApiPath = `/api${route.url.replace(/:(\w+)/g, "{$1}")}`;
    (paths[openApiPath] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: "3.1.0",
    info: { title: "Conduit API", version: "1.0.0", description: "The RealWorld API, served from the same tRPC procedures as /trpc." },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: {
        Token: { type: "apiKey", in: "header", name: "Authorization", description: "`Token <token>` or `Bearer <token>`" },
      },
    },
    paths,
  };
}
