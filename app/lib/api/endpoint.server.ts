import type { ZodTypeAny, z } from "zod";
import type { ApiCaller } from "~/domain/identity/api-tokens.server";
import type { ApiScope, PermissionRequest } from "~/domain/identity/permissions";
import type { Locale } from "~/lib/i18n/locales";
import type { MessageKey } from "~/lib/i18n/translate";
import type { IfMatch } from "./conditions.server";

/**
 * One operation of the public API, described once: the route, the scope and permission it needs,
 * the zod schemas that validate its path, query and body (and describe them in the OpenAPI
 * document), its answer, and a handler that calls the domain. The gateway
 * (gateway.server.ts) applies the conventions around it: token, scope, rate limit, body size,
 * validation, If-Match / ETag, Idempotency-Key, problems. Handlers stay a few lines.
 */

export type ApiMethod = "get" | "post" | "patch" | "delete";

/** The sections of the reference, in the order it shows them. */
export const apiTags = ["tickets", "attachments", "contacts", "companies", "search", "deals", "pipeline", "activities", "products", "quotes", "orders", "imports", "webhooks"] as const;
export type ApiTag = (typeof apiTags)[number];

export type ApiContext<Params, Query, Body> = {
  caller: ApiCaller;
  params: Params;
  query: Query;
  body: Body;
  locale: Locale;
  /** If-Match as sent (null when absent; an update that requires it never runs without it). */
  ifMatch: IfMatch | null;
  /**
   * The version to hand the domain's optimistic lock: If-Match's, else (for `*`, or when the
   * header is optional and absent) the record's current one read by `current` (null: not found).
   */
  expectedVersion(current: () => Promise<number | null>): Promise<number>;
  /** The absolute URL of an API path ("/tickets/42" → "https://…/api/v1/tickets/42"). */
  url(path: string): string;
  /** The request headers (lower-case names). */
  header(name: string): string | undefined;
};

export type ApiResult<Body> =
  | { status: 200 | 201; body: Body; etag?: number; location?: string; headers?: Record<string, string> }
  | { status: 204; etag?: number }
  /** A file answered as is (downloads): its own headers and body. */
  | { status: "raw"; response: Response };

export type ApiResponseSpec<Schema extends ZodTypeAny> = {
  status: 200 | 201 | 204;
  description: MessageKey;
  schema?: Schema;
  /** application/json by default; a download names the types it may answer. */
  contentTypes?: readonly string[];
  /** A 201 that names the new record in Location. */
  location?: boolean;
};

export type EndpointSpec<Params extends ZodTypeAny, Query extends ZodTypeAny, Body extends ZodTypeAny, Response extends ZodTypeAny> = {
  operationId: string;
  method: ApiMethod;
  /** OpenAPI template relative to /api/v1: "/tickets/{ticket}/replies". */
  path: string;
  tag: ApiTag;
  summary: MessageKey;
  description?: MessageKey;
  scope: ApiScope;
  /** Held by the caller (one of them, for a list). */
  permission: PermissionRequest | readonly PermissionRequest[];
  params?: Params;
  query?: Query;
  body?: Body;
  /**
   * Its answer carries a secret shown once (a webhook's signing secret): the copy an
   * Idempotency-Key keeps for retries is sealed (app/lib/secret-box.server.ts), never stored in clear.
   */
  secretInAnswer?: boolean;
  /**
   * "multipart": the body is multipart/form-data (a file upload); its parts reach the body schema
   * as an object, text parts as strings, files as `{ filename, content: Buffer }`. JSON otherwise.
   */
  bodyType?: "json" | "multipart";
  /** Largest body accepted (bytes); 1 MB by default. */
  maxBodyBytes?: number;
  /** "read": answers carry an ETag (If-None-Match → 304); "required" / "optional": If-Match on this write. */
  conditional?: "read" | "required" | "optional";
  /** A list: answers carry `{ data, next }` and a Link header to the next page. */
  paginated?: boolean;
  response: ApiResponseSpec<Response>;
  /** Another success this operation may answer (e.g. 204 when the result is no longer the caller's to see). */
  otherResponse?: { status: 204; description: MessageKey };
  /** Business refusals this operation may answer besides the conventions' (409 refused, 422 field rules). */
  refusals?: ReadonlyArray<409 | 422>;
  /** Domain field names as the API names them, for field errors ("requesterId" → "requester.id"). */
  fieldNames?: Record<string, string>;
  /** A realistic request for the reference page's curl example (also checked against the schemas by the tests). */
  example?: { params?: Record<string, string>; query?: Record<string, string>; body?: z.input<Body> };
  handle(context: ApiContext<z.output<Params>, z.output<Query>, z.output<Body>>): Promise<ApiResult<z.input<Response>>>;
};

export type ApiEndpoint = EndpointSpec<ZodTypeAny, ZodTypeAny, ZodTypeAny, ZodTypeAny>;

/** Declares an operation; the handler's context and answer are typed from the schemas. */
export function defineEndpoint<Params extends ZodTypeAny = ZodTypeAny, Query extends ZodTypeAny = ZodTypeAny, Body extends ZodTypeAny = ZodTypeAny, Response extends ZodTypeAny = ZodTypeAny>(
  spec: EndpointSpec<Params, Query, Body, Response>,
): ApiEndpoint {
  return spec as unknown as ApiEndpoint;
}
