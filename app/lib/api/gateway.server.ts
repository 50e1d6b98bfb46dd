import { ZodEffects, ZodObject, type ZodTypeAny } from "zod";
import { DomainError } from "~/domain/errors";
import { runAsActor } from "~/domain/event-store.server";
import { authenticateApiToken, type ApiCaller } from "~/domain/identity/api-tokens.server";
import { can, type PermissionRequest } from "~/domain/identity/permissions";
import { env } from "~/lib/env.server";
import { isLocale, type Locale } from "~/lib/i18n/locales";
import { rateLimiter } from "~/lib/rate-limit.server";
import { openSecret, sealSecret } from "~/lib/secret-box.server";
import { etagOf, ifNoneMatchHits, parseIfMatch, type IfMatch } from "./conditions.server";
import type { ApiContext, ApiEndpoint, ApiResult } from "./endpoint.server";
import { completeIdempotencyKey, isValidIdempotencyKey, releaseIdempotencyKey, requestFingerprint, reserveIdempotencyKey, type StoredAnswer } from "./idempotency.server";
import { openApiJson } from "./openapi.server";
import { ApiProblem, fieldIssuesFromZod, problemBody, problemFromDomainError, validationProblem, type FieldIssue } from "./problem.server";

/**
 * The public API's front door, independent of the HTTP server: server/api-router.ts hands it
 * each request under /api/v1 and writes back what it answers. In order:
 *
 *   CORS (configured origins only) → route → bearer token (never a cookie) → rate limit per token
 *   → scope and permission → If-Match required? → [the body is read only now, up to the
 *   operation's limit] → JSON → path / query / body validation → Idempotency-Key → the handler,
 *   run as the API actor → the answer (ETag, Link, RateLimit-*) or a problem.
 *
 * Records the caller may not see are "not found" (the domain's record rules apply through the
 * caller, a PermissionSubject narrowed by the token's scopes).
 */

export const API_PREFIX = "/api/v1";
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export type ApiRequestHead = {
  /** Upper-case. */
  method: string;
  /** Relative to /api/v1, starting with "/". */
  path: string;
  /** "?a=b" or "". */
  search: string;
  /** A request header by lower-case name. */
  header(name: string): string | undefined;
  clientAddress: string;
};

export type ApiResponse = { status: number; headers: Record<string, string>; body: string | ReadableStream<Uint8Array> | null };

export type Admission =
  | { kind: "answer"; response: ApiResponse }
  | {
      kind: "read-body";
      maxBodyBytes: number;
      /** The answer when the body is larger than maxBodyBytes (nothing else is done). */
      tooLarge(): ApiResponse;
      proceed(body: Buffer | null): Promise<ApiResponse>;
    };

const EXPOSED_HEADERS = "ETag, Location, Link, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Idempotent-Replayed, WWW-Authenticate";
const ALLOWED_REQUEST_HEADERS = "Authorization, Content-Type, Accept, Accept-Language, If-Match, If-None-Match, Idempotency-Key";
const REALM = 'Bearer realm="Comptoir API"';

type Route = { endpoint: ApiEndpoint; pattern: RegExp; names: string[]; query: ZodTypeAny | null; queryNames: ReadonlySet<string> };

/** The parameter names of a query schema (an object, possibly refined). */
function shapeKeys(schema: ZodTypeAny | undefined): Set<string> {
  let current: ZodTypeAny | undefined = schema;
  while (current instanceof ZodEffects) current = current.innerType();
  return new Set(current instanceof ZodObject ? Object.keys(current.shape as object) : []);
}

function compile(endpoint: ApiEndpoint): Route {
  const names: string[] = [];
  const source = endpoint.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return { endpoint, pattern: new RegExp(`^${source}/?$`), names, query: endpoint.query ?? null, queryNames: shapeKeys(endpoint.query) };
}

export type ApiGateway = { admit(head: ApiRequestHead): Promise<Admission>; endpoints: readonly ApiEndpoint[] };

export function createApiGateway(endpoints: readonly ApiEndpoint[]): ApiGateway {
  const routes = endpoints.map(compile);
  return { endpoints, admit: (head) => admit(routes, head) };
}

// ───────────────────────────── answers ─────────────────────────────

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers: { "Content-Type": "application/json; charset=utf-8", ...headers }, body: JSON.stringify(body) };
}

function problemResponse(problem: ApiProblem, locale: Locale, instance: string, headers: Record<string, string> = {}): ApiResponse {
  return {
    status: problem.status,
    headers: { "Content-Type": "application/problem+json; charset=utf-8", ...headers, ...problem.extra.headers },
    body: JSON.stringify(problemBody(problem, locale, instance)),
  };
}

/** The language of problems: Accept-Language when it names ours, else the token user's, else English. */
function localeOf(head: ApiRequestHead, caller: ApiCaller | null): Locale {
  const accepted = (head.header("accept-language") ?? "")
    .split(",")
    .map((part) => part.trim().split(";")[0]!.toLowerCase().split("-")[0])
    .find(isLocale);
  if (accepted) return accepted;
  return caller && isLocale(caller.locale) ? caller.locale : "en";
}

function corsHeaders(head: ApiRequestHead): Record<string, string> {
  const allowed = env().API_CORS_ORIGINS;
  if (allowed.length === 0) return {};
  const origin = head.header("origin");
  if (allowed.includes("*")) return origin ? { "Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": EXPOSED_HEADERS } : {};
  const vary = { Vary: "Origin" };
  if (!origin || !allowed.includes(origin)) return vary;
  return { ...vary, "Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": EXPOSED_HEADERS };
}

function queryObject(search: string): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(search)) {
    const existing = values[name];
    values[name] = existing === undefined ? value : [...[existing].flat(), value];
  }
  return values;
}

function permissionsOf(endpoint: ApiEndpoint): PermissionRequest[] {
  return [endpoint.permission].flat();
}

/** Version conflicts of the domain's optimistic locks (tickets, deals, activities, customer records). */
const versionConflictCodes = new Set<string>(["helpdesk.conflict", "sales.deal.conflict", "sales.activity.conflict", "validation.staleRecord"]);

// ───────────────────────────── the pipeline ─────────────────────────────

async function admit(routes: Route[], head: ApiRequestHead): Promise<Admission> {
  const instance = `${API_PREFIX}${head.path}`;
  const cors = corsHeaders(head);
  const answer = (response: ApiResponse): Admission => ({ kind: "answer", response: { ...response, headers: { ...cors, ...response.headers } } });
  const early = (problem: ApiProblem, caller: ApiCaller | null = null, headers: Record<string, string> = {}) =>
    answer(problemResponse(problem, localeOf(head, caller), instance, headers));
  const method = head.method === "HEAD" ? "GET" : head.method;

  if (head.path === "/openapi.json") {
    if (method === "OPTIONS") return answer({ status: 204, headers: { Allow: "GET, HEAD, OPTIONS" }, body: null });
    if (method !== "GET") return early(new ApiProblem("method-not-allowed", { key: "publicApi.problem.methodNotAllowed.detail" }), null, { Allow: "GET, HEAD, OPTIONS" });
    const lang = new URLSearchParams(head.search).get("lang");
    const document = openApiJson(routes.map((entry) => entry.endpoint), isLocale(lang) ? lang : "en");
    const headers = { "Cache-Control": "public, max-age=300", ETag: document.etag };
    if (ifNoneMatchHits(head.header("if-none-match"), document.etag)) return answer({ status: 304, headers, body: null });
    return answer({ status: 200, headers: { ...headers, "Content-Type": "application/json; charset=utf-8" }, body: document.json });
  }

  const candidates = routes.map((route) => ({ route, match: route.pattern.exec(head.path) })).filter((entry) => entry.match);
  if (candidates.length === 0) return early(new ApiProblem("not-found", { key: "publicApi.problem.noSuchRoute" }));
  const allow = [...new Set(candidates.map((entry) => entry.route.endpoint.method.toUpperCase()))];
  if (allow.includes("GET")) allow.push("HEAD");
  allow.push("OPTIONS");
  if (method === "OPTIONS") {
    const preflight = head.header("access-control-request-method") && cors["Access-Control-Allow-Origin"];
    const headers: Record<string, string> = { Allow: allow.join(", ") };
    if (preflight) Object.assign(headers, { "Access-Control-Allow-Methods": allow.join(", "), "Access-Control-Allow-Headers": ALLOWED_REQUEST_HEADERS, "Access-Control-Max-Age": "600" });
    return answer({ status: 204, headers, body: null });
  }
  const found = candidates.find((entry) => entry.route.endpoint.method.toUpperCase() === method);
  if (!found) return early(new ApiProblem("method-not-allowed", { key: "publicApi.problem.methodNotAllowed.detail" }), null, { Allow: allow.join(", ") });
  const { route } = found;
  const { endpoint } = route;
  let rawParams: Record<string, string>;
  try {
    rawParams = Object.fromEntries(route.names.map((name, index) => [name, decodeURIComponent(found.match![index + 1]!)]));
  } catch {
    return early(new ApiProblem("not-found", { key: "publicApi.problem.notFound.detail" }));
  }

  // The token, and only the token: cookies are never read here.
  const bearer = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(head.header("authorization") ?? "");
  if (!bearer) return early(new ApiProblem("unauthorized", { key: "publicApi.problem.unauthorized.missing" }), null, { "WWW-Authenticate": REALM });
  const caller = await authenticateApiToken(bearer[1]!, { ipAddress: head.clientAddress });
  if (!caller) return early(new ApiProblem("unauthorized", { key: "publicApi.problem.unauthorized.invalid" }), null, { "WWW-Authenticate": `${REALM}, error="invalid_token"` });
  const locale = localeOf(head, caller);

  const limit = env().API_REQUESTS_PER_MINUTE;
  const decision = rateLimiter("api", limit, 60_000).hit(caller.tokenId);
  const base: Record<string, string> = {
    ...cors,
    "Cache-Control": "no-store",
    "RateLimit-Limit": String(limit),
    "RateLimit-Remaining": String(Math.max(0, limit - decision.count)),
    "RateLimit-Reset": String(Math.max(0, decision.retryAfterSeconds)),
  };
  const refuse = (problem: ApiProblem, headers: Record<string, string> = {}): ApiResponse => problemResponse(problem, locale, instance, { ...base, ...headers });
  if (decision.limited) {
    return { kind: "answer", response: refuse(new ApiProblem("rate-limited", { key: "publicApi.problem.rateLimited.detail", params: { limit } }), { "Retry-After": String(Math.max(1, decision.retryAfterSeconds)) }) };
  }

  const permissions = permissionsOf(endpoint);
  if (!permissions.some((permission) => can(caller, permission))) {
    const roleAllows = permissions.some((permission) => can({ role: caller.role, restrictToGroups: caller.restrictToGroups }, permission));
    const problem = roleAllows
      ? new ApiProblem("insufficient-scope", { key: "publicApi.problem.insufficientScope.detail", params: { scope: endpoint.scope } }, { headers: { "WWW-Authenticate": `${REALM}, error="insufficient_scope", scope="${endpoint.scope}"` } })
      : new ApiProblem("forbidden", { key: "publicApi.problem.forbidden.detail" });
    return { kind: "answer", response: refuse(problem) };
  }

  let ifMatch: IfMatch | null = null;
  if (endpoint.conditional === "required" || endpoint.conditional === "optional") {
    try {
      ifMatch = parseIfMatch(head.header("if-match"));
    } catch (error) {
      if (error instanceof ApiProblem) return { kind: "answer", response: refuse(error) };
      throw error;
    }
    if (!ifMatch && endpoint.conditional === "required") {
      return { kind: "answer", response: refuse(new ApiProblem("precondition-required", { key: "publicApi.problem.preconditionRequired.detail" })) };
    }
  }

  const run = (body: Buffer | null) => handle({ head, route, rawParams, caller, locale, base, ifMatch, instance, body });
  if (!endpoint.body) return { kind: "answer", response: await run(null) };
  const maxBodyBytes = endpoint.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return {
    kind: "read-body",
    maxBodyBytes,
    tooLarge: () => refuse(new ApiProblem("payload-too-large", { key: "publicApi.problem.payloadTooLarge.detail", params: { megabytes: Math.round(maxBodyBytes / 1024 / 1024) } })),
    proceed: run,
  };
}

type Handling = {
  head: ApiRequestHead;
  route: Route;
  rawParams: Record<string, string>;
  caller: ApiCaller;
  locale: Locale;
  base: Record<string, string>;
  ifMatch: IfMatch | null;
  instance: string;
  body: Buffer | null;
};

async function handle(input: Handling): Promise<ApiResponse> {
  const { head, route, caller, locale, base, instance } = input;
  const { endpoint } = route;
  const refuse = (problem: ApiProblem) => problemResponse(problem, locale, instance, base);
  let reservation: string | null = null;
  try {
    // Path parameters that cannot be one of ours name nothing the caller may see.
    const params = (endpoint.params ?? ZodObject.create({})).safeParse(input.rawParams);
    if (!params.success) throw new ApiProblem("not-found", { key: "publicApi.problem.notFound.detail" });
    // Unknown query parameters are refused, so a misspelt filter never silently lists everything.
    const rawQuery = queryObject(head.search);
    const unknown: FieldIssue[] = Object.keys(rawQuery)
      .filter((name) => !route.queryNames.has(name))
      .map((name) => ({ field: name, code: "publicApi.validation.unknownParameter" }));
    const query = route.query ? route.query.safeParse(rawQuery) : { success: true as const, data: {} };
    if (!query.success || unknown.length > 0) {
      const issues = [...unknown, ...(query.success ? [] : fieldIssuesFromZod(query.error))];
      throw new ApiProblem("invalid-request", { key: "publicApi.problem.invalidParameters" }, { errors: issues });
    }
    let body: unknown = undefined;
    if (endpoint.body) {
      const raw = input.body && input.body.length > 0 ? input.body : null;
      if (raw && endpoint.bodyType === "multipart") body = await multipartBody(raw, head.header("content-type") ?? "");
      else if (raw) {
        const type = (head.header("content-type") ?? "").toLowerCase();
        if (!/^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/.test(type)) throw new ApiProblem("unsupported-media-type", { key: "publicApi.problem.unsupportedMediaType.detail" });
        try {
          body = JSON.parse(raw.toString("utf8"));
        } catch {
          throw new ApiProblem("invalid-request", { key: "publicApi.problem.malformedJson" });
        }
      }
      const parsed = endpoint.body.safeParse(body);
      if (!parsed.success) throw validationProblem(fieldIssuesFromZod(parsed.error, { rename: endpoint.fieldNames }));
      body = parsed.data;
    }

    const key = head.header("idempotency-key");
    if (key !== undefined && endpoint.method === "post") {
      if (!isValidIdempotencyKey(key)) throw new ApiProblem("invalid-request", { key: "publicApi.problem.invalidIdempotencyKey" });
      const reserved = await reserveIdempotencyKey({ tokenId: caller.tokenId, key, fingerprint: requestFingerprint(head.method, `${head.path}${head.search}`, input.body) });
      if (reserved.kind === "replay") return { status: reserved.answer.status, headers: { ...base, ...reserved.answer.headers, "Idempotent-Replayed": "true" }, body: unsealedAnswer(reserved.answer.body) };
      if (reserved.kind === "mismatch") throw new ApiProblem("idempotency-key-reused", { key: "publicApi.problem.idempotencyKeyReused.detail" });
      if (reserved.kind === "in-progress") {
        throw new ApiProblem("idempotency-key-in-use", { key: reserved.abandoned ? "publicApi.problem.idempotencyKeyAbandoned" : "publicApi.problem.idempotencyKeyInUse.detail" }, { headers: reserved.abandoned ? {} : { "Retry-After": "1" } });
      }
      reservation = reserved.id;
    }

    const context: ApiContext<unknown, unknown, unknown> = {
      caller,
      params: params.data,
      query: query.data,
      body,
      locale,
      ifMatch: input.ifMatch,
      async expectedVersion(current) {
        if (input.ifMatch && "version" in input.ifMatch) return input.ifMatch.version;
        const version = await current();
        if (version === null) throw new ApiProblem("not-found", { key: "publicApi.problem.notFound.detail" });
        return version;
      },
      url: (path) => `${env().PUBLIC_URL}${API_PREFIX}${path}`,
      header: (name) => head.header(name.toLowerCase()),
    };
    const result = await runAsActor({ kind: "api", id: caller.id }, () => endpoint.handle(context));
    const response = answerOf(result, input);
    if (reservation) await finish(reservation, response, endpoint.secretInAnswer === true);
    return response;
  } catch (error) {
    const response = refuse(asProblem(error, input));
    if (reservation) await finish(reservation, response, false);
    return response;
  }
}

/**
 * A multipart/form-data body as an object: text parts as strings, files as `{ filename, content }`
 * (parsed by the platform's own multipart reader, already bounded by the operation's body limit).
 */
async function multipartBody(raw: Buffer, contentType: string): Promise<Record<string, unknown>> {
  if (!/^multipart\/form-data\s*;/i.test(contentType)) throw new ApiProblem("unsupported-media-type", { key: "publicApi.problem.unsupportedMediaType.detail" });
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(raw), { headers: { "content-type": contentType } }).formData();
  } catch {
    throw new ApiProblem("invalid-request", { key: "import.api.malformedMultipart" });
  }
  const body: Record<string, unknown> = {};
  for (const [name, value] of form.entries()) {
    if (name in body) continue;
    body[name] = typeof value === "string" ? value : { filename: value.name, content: Buffer.from(await value.arrayBuffer()) };
  }
  return body;
}

const SEALED_ANSWER = "sealed:";

/** A stored answer as sent: a sealed one (it held a secret) is opened. */
function unsealedAnswer(body: string | null): string | null {
  return body !== null && body.startsWith(SEALED_ANSWER) ? openSecret(body.slice(SEALED_ANSWER.length)) : body;
}

/**
 * Stores the answer for the key's retries (sealed when it holds a secret shown once, so the
 * database never keeps it in clear); a failure on our side frees the key instead.
 */
async function finish(reservation: string, response: ApiResponse, sealed: boolean) {
  if (response.status >= 500 || (typeof response.body !== "string" && response.body !== null)) {
    await releaseIdempotencyKey(reservation);
    return;
  }
  const kept: Record<string, string> = {};
  for (const name of ["Content-Type", "Location", "ETag"]) if (response.headers[name]) kept[name] = response.headers[name]!;
  const body = sealed && response.body !== null && response.status < 300 ? `${SEALED_ANSWER}${sealSecret(response.body)}` : response.body;
  const answer: StoredAnswer = { status: response.status, headers: kept, body };
  await completeIdempotencyKey(reservation, answer);
}

function answerOf(result: ApiResult<unknown>, input: Handling): ApiResponse {
  const { base, head, route } = input;
  if (result.status === "raw") {
    const headers: Record<string, string> = { ...base, "Cache-Control": "private, no-store" };
    result.response.headers.forEach((value, name) => {
      if (name.toLowerCase() !== "cache-control") headers[name] = value;
    });
    return { status: result.response.status, headers, body: result.response.body };
  }
  const headers: Record<string, string> = { ...base };
  if (result.etag !== undefined) headers.ETag = etagOf(result.etag);
  if (result.status === 204) return { status: 204, headers, body: null };
  if (result.location) headers.Location = result.location;
  Object.assign(headers, result.headers);
  if (route.endpoint.method === "get" && headers.ETag && ifNoneMatchHits(head.header("if-none-match"), headers.ETag)) return { status: 304, headers, body: null };
  if (route.endpoint.paginated) {
    const next = (result.body as { next?: string | null }).next;
    if (next) {
      const search = new URLSearchParams(head.search);
      search.set("cursor", next);
      headers.Link = `<${env().PUBLIC_URL}${API_PREFIX}${head.path}?${search.toString()}>; rel="next"`;
    }
  }
  return jsonResponse(result.status, result.body, headers);
}

function asProblem(error: unknown, input: Handling): ApiProblem {
  if (error instanceof ApiProblem) return error;
  if (error instanceof DomainError) {
    if (versionConflictCodes.has(error.code)) {
      const current = (error as DomainError & { currentVersion?: unknown }).currentVersion;
      const headers = typeof current === "number" ? { ETag: etagOf(current) } : undefined;
      // With If-Match the client named a version and it is stale; without, the record changed during the request.
      return input.ifMatch
        ? new ApiProblem("precondition-failed", { key: "publicApi.problem.preconditionFailed.detail" }, { headers })
        : new ApiProblem("refused", { key: error.code }, { headers });
    }
    return problemFromDomainError(error, input.route.endpoint.fieldNames);
  }
  console.error(`[api] ${input.head.method} ${API_PREFIX}${input.head.path} failed:`, error);
  return new ApiProblem("internal-error", { key: "publicApi.problem.internalError.detail" });
}
