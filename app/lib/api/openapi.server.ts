import crypto from "node:crypto";
import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { env } from "~/lib/env.server";
import type { Locale } from "~/lib/i18n/locales";
import { fr } from "~/lib/i18n/messages/fr";
import { translator, type MessageKey } from "~/lib/i18n/translate";
import { apiTags, type ApiEndpoint } from "./endpoint.server";
import { z } from "./zod";

/**
 * The OpenAPI 3.1 document of /api/v1, generated from the endpoints' own zod schemas (the ones
 * that validate requests), with the conventions every operation follows: the bearer token and
 * the scope it needs, problems, ETag / If-Match, Idempotency-Key, RateLimit-* headers, pages.
 * Texts are message keys translated when the document is built, so the reference page reads in
 * French or English from the same source.
 */

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31["generateDocument"]>;

const fieldError = z
  .object({
    field: z.string().openapi({ description: "publicApi.field.errorField" }),
    code: z.string().openapi({ description: "publicApi.field.errorCode", example: "validation.required" }),
    message: z.string().openapi({ description: "publicApi.field.errorMessage" }),
    record: z
      .object({ type: z.enum(["contact", "company"]), id: z.string() })
      .optional()
      .openapi({ description: "publicApi.field.errorRecord" }),
  })
  .openapi("FieldError");

export const problemSchema = z
  .object({
    type: z.string().url().openapi({ description: "publicApi.field.problemType" }),
    title: z.string().openapi({ description: "publicApi.field.problemTitle" }),
    status: z.number().int().openapi({ description: "publicApi.field.problemStatus" }),
    detail: z.string().openapi({ description: "publicApi.field.problemDetail" }),
    instance: z.string().openapi({ description: "publicApi.field.problemInstance" }),
    errors: z.array(fieldError).optional().openapi({ description: "publicApi.field.problemErrors" }),
  })
  .openapi("Problem");

const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` });
const rateLimitHeaders = { "RateLimit-Limit": headerRef("RateLimit-Limit"), "RateLimit-Remaining": headerRef("RateLimit-Remaining"), "RateLimit-Reset": headerRef("RateLimit-Reset") };

function problemResponse(description: MessageKey, extraHeaders: Record<string, { $ref: string }> = {}): ResponseConfig {
  return {
    description,
    headers: { ...rateLimitHeaders, ...extraHeaders },
    content: { "application/problem+json": { schema: problemSchema } },
  };
}

/** The answers an operation may give, from its own spec and the conventions it takes part in. */
function responsesOf(endpoint: ApiEndpoint): Record<string, ResponseConfig> {
  const { response } = endpoint;
  const successHeaders: Record<string, { $ref: string }> = { ...rateLimitHeaders };
  if (endpoint.conditional) successHeaders.ETag = headerRef("ETag");
  if (response.location) successHeaders.Location = headerRef("Location");
  if (endpoint.paginated) successHeaders.Link = headerRef("Link");
  if (endpoint.method === "post") successHeaders["Idempotent-Replayed"] = headerRef("Idempotent-Replayed");
  const responses: Record<string, ResponseConfig> = {
    [response.status]: {
      description: response.description,
      headers: successHeaders,
      ...(response.schema ? { content: Object.fromEntries((response.contentTypes ?? ["application/json"]).map((type) => [type, { schema: response.schema! }])) } : {}),
    },
  };
  if (endpoint.otherResponse) responses[endpoint.otherResponse.status] = { description: endpoint.otherResponse.description, headers: successHeaders };
  if (endpoint.conditional === "read") responses["304"] = { description: "publicApi.response.notModified", headers: { ETag: headerRef("ETag") } };
  responses["400"] = problemResponse("publicApi.response.invalidRequest");
  responses["401"] = problemResponse("publicApi.response.unauthorized", { "WWW-Authenticate": headerRef("WWW-Authenticate") });
  responses["403"] = problemResponse("publicApi.response.forbidden", { "WWW-Authenticate": headerRef("WWW-Authenticate") });
  if (endpoint.params) responses["404"] = problemResponse("publicApi.response.notFound");
  if (endpoint.refusals?.includes(409) || endpoint.method === "post" || endpoint.conditional === "optional") responses["409"] = problemResponse("publicApi.response.conflict");
  if (endpoint.conditional === "required" || endpoint.conditional === "optional") responses["412"] = problemResponse("publicApi.response.preconditionFailed", { ETag: headerRef("ETag") });
  if (endpoint.body) {
    responses["413"] = problemResponse("publicApi.response.payloadTooLarge");
    responses["415"] = problemResponse("publicApi.response.unsupportedMediaType");
    responses["422"] = problemResponse("publicApi.response.validationFailed");
  } else if (endpoint.refusals?.includes(422)) responses["422"] = problemResponse("publicApi.response.validationFailed");
  if (endpoint.conditional === "required") responses["428"] = problemResponse("publicApi.response.preconditionRequired");
  responses["429"] = problemResponse("publicApi.response.rateLimited", { "Retry-After": headerRef("Retry-After") });
  responses["500"] = problemResponse("publicApi.response.internalError");
  return responses;
}

function routeOf(endpoint: ApiEndpoint): RouteConfig {
  const headers: z.ZodTypeAny[] = [];
  if (endpoint.conditional === "required" || endpoint.conditional === "optional") {
    const ifMatch = z.string().openapi({ description: endpoint.conditional === "required" ? "publicApi.header.ifMatchRequired" : "publicApi.header.ifMatchOptional", example: '"3"' });
    headers.push(z.object({ "If-Match": endpoint.conditional === "required" ? ifMatch : ifMatch.optional() }));
  }
  if (endpoint.conditional === "read") headers.push(z.object({ "If-None-Match": z.string().optional().openapi({ description: "publicApi.header.ifNoneMatch" }) }));
  if (endpoint.method === "post") headers.push(z.object({ "Idempotency-Key": z.string().max(255).optional().openapi({ description: "publicApi.header.idempotencyKey", example: "9f1c2b7e-5a0d-4c8e-b1f3-2d6a7e8c9b10" }) }));
  return {
    method: endpoint.method,
    path: endpoint.path,
    operationId: endpoint.operationId,
    tags: [endpoint.tag],
    summary: endpoint.summary,
    ...(endpoint.description ? { description: endpoint.description } : {}),
    security: [{ bearerAuth: [endpoint.scope] }],
    "x-required-scope": endpoint.scope,
    request: {
      ...(endpoint.params ? { params: endpoint.params as never } : {}),
      ...(endpoint.query ? { query: endpoint.query as never } : {}),
      ...(headers.length ? { headers } : {}),
      ...(endpoint.body ? { body: { required: true, content: { [endpoint.bodyType === "multipart" ? "multipart/form-data" : "application/json"]: { schema: endpoint.body } } } } : {}),
    },
    responses: responsesOf(endpoint),
  };
}

function buildDocument(endpoints: readonly ApiEndpoint[]): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "bearerAuth", { type: "http", scheme: "bearer", bearerFormat: "cpt_…", description: "publicApi.doc.bearer" });
  const header = (name: string, description: MessageKey, schema: Record<string, unknown> = { type: "string" }) => registry.registerComponent("headers", name, { description, schema });
  header("ETag", "publicApi.header.etag");
  header("Location", "publicApi.header.location", { type: "string", format: "uri" });
  header("Link", "publicApi.header.link");
  header("Retry-After", "publicApi.header.retryAfter", { type: "integer" });
  header("RateLimit-Limit", "publicApi.header.rateLimitLimit", { type: "integer" });
  header("RateLimit-Remaining", "publicApi.header.rateLimitRemaining", { type: "integer" });
  header("RateLimit-Reset", "publicApi.header.rateLimitReset", { type: "integer" });
  header("Idempotent-Replayed", "publicApi.header.idempotentReplayed", { type: "string", enum: ["true"] });
  header("WWW-Authenticate", "publicApi.header.wwwAuthenticate");
  registry.register("Problem", problemSchema);
  for (const endpoint of endpoints) registry.registerPath(routeOf(endpoint));
  const used = new Set(endpoints.map((endpoint) => endpoint.tag));
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: { title: "Comptoir API", version: "1.0.0", description: "publicApi.doc.description" },
    servers: [{ url: `${env().PUBLIC_URL}/api/v1` }],
    tags: apiTags.filter((tag) => used.has(tag)).map((tag) => ({ name: tag, description: `publicApi.tag.${tag}` as MessageKey })),
  });
}

function isMessageKey(text: string): text is MessageKey {
  return Object.prototype.hasOwnProperty.call(fr, text);
}

/** Replaces every description and summary that is a message key by its text in `locale`. */
function translated<T>(value: T, locale: Locale): T {
  const t = translator(locale);
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== "object") return node;
    return Object.fromEntries(
      Object.entries(node).map(([key, child]) => [key, (key === "description" || key === "summary") && typeof child === "string" && isMessageKey(child) ? t(child) : walk(child)]),
    );
  };
  return walk(value) as T;
}

const cache = new WeakMap<readonly ApiEndpoint[], Map<string, { document: OpenApiDocument; json: string; etag: string }>>();

function cached(endpoints: readonly ApiEndpoint[], locale: Locale) {
  let perLocale = cache.get(endpoints);
  if (!perLocale) cache.set(endpoints, (perLocale = new Map()));
  const key = `${locale}|${env().PUBLIC_URL}`;
  let entry = perLocale.get(key);
  if (!entry) {
    const document = translated(buildDocument(endpoints), locale);
    const json = JSON.stringify(document);
    entry = { document, json, etag: `"${crypto.createHash("sha256").update(json).digest("base64url").slice(0, 27)}"` };
    perLocale.set(key, entry);
  }
  return entry;
}

/** The document in `locale` (built once per list of endpoints and language). */
export function openApiDocument(endpoints: readonly ApiEndpoint[], locale: Locale): OpenApiDocument {
  return cached(endpoints, locale).document;
}

/** The document as served at /api/v1/openapi.json, with its ETag. */
export function openApiJson(endpoints: readonly ApiEndpoint[], locale: Locale): { json: string; etag: string } {
  return cached(endpoints, locale);
}

