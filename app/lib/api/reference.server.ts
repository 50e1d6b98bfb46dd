import { apiScopes } from "~/domain/identity/permissions";
import { env } from "~/lib/env.server";
import type { Locale } from "~/lib/i18n/locales";
import { translator, type MessageKey } from "~/lib/i18n/translate";
import type { ApiEndpoint } from "./endpoint.server";
import { openApiDocument } from "./openapi.server";
import { problemDescriptions, problemTypes, type ProblemType } from "./problem.server";

/**
 * The reference page's model (/api/docs), read from the OpenAPI document itself: operations by
 * tag with their parameters, body and answers, every named schema as a table of fields, the
 * problem types (the anchors the problems' `type` points to), the scopes, and a curl example
 * per operation built from its declared example. Plain data: the page only lays it out.
 */

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  additionalProperties?: JsonSchema | boolean;
  description?: string;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  default?: unknown;
};

export type SchemaRow = {
  /** "requester.email", "attachments[].content" */
  name: string;
  depth: number;
  /** "string (date-time)", "integer", "array", or a named schema */
  type: string;
  /** The named schema the type links to. */
  schema: string | null;
  required: boolean;
  nullable: boolean;
  values: string[];
  description: string;
};

export type ReferenceParameter = { name: string; in: string; type: string; required: boolean; values: string[]; description: string };

export type ReferenceOperation = {
  id: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  scope: string;
  parameters: ReferenceParameter[];
  body: { schema: string | null; rows: SchemaRow[] } | null;
  responses: Array<{ status: string; description: string; schema: string | null; contentTypes: string[] }>;
  curl: string;
};

export type ApiReference = {
  baseUrl: string;
  tags: Array<{ name: string; label: string; description: string; operations: ReferenceOperation[] }>;
  schemas: Array<{ name: string; description: string; rows: SchemaRow[] }>;
  problems: Array<{ type: ProblemType; status: number; title: string; about: string }>;
  scopes: Array<{ scope: string; label: string }>;
};

const refName = (ref: string) => ref.split("/").pop() ?? ref;

/** The schema without its "or null", and whether null was allowed. */
function unwrapNull(schema: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  if (schema.anyOf) {
    const rest = schema.anyOf.filter((option) => option.type !== "null");
    if (rest.length === 1) return { schema: { ...rest[0], description: schema.description ?? rest[0]!.description }, nullable: rest.length < schema.anyOf.length };
  }
  if (schema.allOf?.length === 1) return unwrapNull({ ...schema.allOf[0], description: schema.description ?? schema.allOf[0]!.description });
  if (Array.isArray(schema.type) && schema.type.includes("null")) {
    const types = schema.type.filter((type) => type !== "null");
    return { schema: { ...schema, type: types.length === 1 ? types[0] : types }, nullable: true };
  }
  return { schema, nullable: false };
}

function typeOf(schema: JsonSchema): { type: string; schema: string | null } {
  if (schema.$ref) return { type: refName(schema.$ref), schema: refName(schema.$ref) };
  if (schema.type === "array" && schema.items) {
    const item = typeOf(unwrapNull(schema.items).schema);
    return { type: `array<${item.type}>`, schema: item.schema };
  }
  if (schema.anyOf) return { type: schema.anyOf.map((option) => typeOf(option).type).join(" | "), schema: null };
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? (schema.properties ? "object" : "any"));
  return { type: schema.format ? `${type} (${schema.format})` : type, schema: null };
}

/** The fields of an object schema as rows, nested objects and arrays of objects expanded. */
function rowsOf(schema: JsonSchema, prefix = "", depth = 0): SchemaRow[] {
  const rows: SchemaRow[] = [];
  const required = new Set(schema.properties ? (schema.required ?? []) : []);
  for (const [field, raw] of Object.entries(schema.properties ?? {})) {
    const { schema: property, nullable } = unwrapNull(raw);
    const { type, schema: named } = typeOf(property);
    const name = prefix ? `${prefix}.${field}` : field;
    const values = (property.enum ?? (property.type === "array" ? property.items?.enum : undefined) ?? []).map(String);
    rows.push({ name, depth, type, schema: named, required: required.has(field), nullable, values, description: property.description ?? "" });
    if (property.properties) rows.push(...rowsOf(property, name, depth + 1));
    const items = property.type === "array" && property.items ? unwrapNull(property.items).schema : null;
    if (items?.properties) rows.push(...rowsOf(items, `${name}[]`, depth + 1));
  }
  return rows;
}

const shellQuote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;

function curlOf(endpoint: ApiEndpoint, baseUrl: string): string {
  const example = endpoint.example ?? {};
  let path = endpoint.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(example.params?.[name] ?? `{${name}}`));
  const query = new URLSearchParams(example.query ?? {}).toString();
  if (query) path += `?${query}`;
  const lines = [`curl ${endpoint.method === "get" ? "" : `-X ${endpoint.method.toUpperCase()} `}"${baseUrl}${path}"`, `  -H "Authorization: Bearer $COMPTOIR_TOKEN"`];
  if (endpoint.conditional === "required") lines.push(`  -H 'If-Match: "3"'`);
  if (endpoint.method === "post") lines.push(`  -H "Idempotency-Key: $(uuidgen)"`);
  if (endpoint.body && endpoint.bodyType === "multipart") {
    // A file upload: one -F per part, the file read from disk by curl.
    for (const [name, value] of Object.entries((example.body ?? {}) as Record<string, unknown>)) {
      if (value && typeof value === "object" && "filename" in value) lines.push(`  -F ${shellQuote(`${name}=@${String((value as { filename: unknown }).filename)}`)}`);
      else lines.push(`  -F ${shellQuote(`${name}=${String(value)}`)}`);
    }
  } else if (endpoint.body) {
    lines.push(`  -H "Content-Type: application/json"`);
    lines.push(`  -d ${shellQuote(JSON.stringify(example.body ?? {}, null, 2))}`);
  }
  return lines.join(" \\\n");
}

const cache = new Map<string, ApiReference>();

export function apiReference(endpoints: readonly ApiEndpoint[], locale: Locale): ApiReference {
  const key = `${locale}|${env().PUBLIC_URL}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const t = translator(locale);
  const document = openApiDocument(endpoints, locale) as unknown as {
    tags: Array<{ name: string; description: string }>;
    paths: Record<string, Record<string, { operationId: string; summary: string; description?: string; parameters?: Array<{ name: string; in: string; required?: boolean; schema: JsonSchema }>; requestBody?: { content: Record<string, { schema: JsonSchema }> }; responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }> }>>;
    components: { schemas: Record<string, JsonSchema> };
  };
  const baseUrl = `${env().PUBLIC_URL}/api/v1`;
  const byId = new Map(endpoints.map((endpoint) => [endpoint.operationId, endpoint]));
  const operations: Array<ReferenceOperation & { tag: string }> = [];
  // Request bodies are shown with their operation, not again among the schemas.
  const bodySchemas = new Set<string>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const endpoint = byId.get(operation.operationId)!;
      const bodySchema = operation.requestBody?.content["application/json"]?.schema ?? null;
      if (bodySchema?.$ref) bodySchemas.add(refName(bodySchema.$ref));
      const body = bodySchema ? (bodySchema.$ref ? { schema: refName(bodySchema.$ref), rows: rowsOf(document.components.schemas[refName(bodySchema.$ref)]!) } : { schema: null, rows: rowsOf(bodySchema) }) : null;
      operations.push({
        tag: endpoint.tag,
        id: operation.operationId,
        method: method.toUpperCase(),
        path,
        summary: operation.summary,
        description: operation.description ?? "",
        scope: endpoint.scope,
        parameters: (operation.parameters ?? []).map((parameter) => {
          const { schema } = unwrapNull(parameter.schema);
          return {
            name: parameter.name,
            in: parameter.in,
            type: typeOf(schema).type,
            required: parameter.required ?? false,
            values: (schema.enum ?? schema.items?.enum ?? []).map(String),
            description: schema.description ?? "",
          };
        }),
        body,
        responses: Object.entries(operation.responses).map(([status, response]) => {
          const content = response.content ?? {};
          const first = Object.values(content)[0]?.schema;
          return { status, description: response.description, schema: first?.$ref ? refName(first.$ref) : null, contentTypes: Object.keys(content) };
        }),
        curl: curlOf(endpoint, baseUrl),
      });
    }
  }
  const reference: ApiReference = {
    baseUrl,
    tags: document.tags.map((tag) => ({ name: tag.name, label: t(`publicApi.tagName.${tag.name}` as MessageKey), description: tag.description, operations: operations.filter((operation) => operation.tag === tag.name) })),
    schemas: Object.entries(document.components.schemas)
      .filter(([name]) => !bodySchemas.has(name))
      .map(([name, schema]) => ({ name, description: schema.description ?? "", rows: rowsOf(schema) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    problems: (Object.keys(problemTypes) as ProblemType[]).map((type) => ({ type, status: problemTypes[type].status, title: t(problemTypes[type].title), about: t(problemDescriptions[type]) })),
    scopes: apiScopes.map((scope) => ({ scope, label: t(`api.scope.${scope}` as MessageKey) })),
  };
  cache.set(key, reference);
  return reference;
}
