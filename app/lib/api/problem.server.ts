import type { ZodError, ZodIssue } from "zod";
import { OwnedByAnotherRecordError } from "~/domain/customers/customer-errors";
import { DomainError } from "~/domain/errors";
import { env } from "~/lib/env.server";
import type { Locale } from "~/lib/i18n/locales";
import { fr } from "~/lib/i18n/messages/fr";
import { translator, type MessageKey, type TranslationParams } from "~/lib/i18n/translate";

/**
 * Errors of the public API as RFC 9457 problem details (`application/problem+json`): a type per
 * kind of problem (documented at /api/docs#problem-<type>), a title and a detail in the token
 * user's language, the request path as `instance`, and for refused input the list of field
 * errors with a stable code (a message key such as "validation.required") and its message.
 */

export const problemTypes = {
  "invalid-request": { status: 400, title: "publicApi.problem.invalidRequest" },
  unauthorized: { status: 401, title: "publicApi.problem.unauthorized" },
  "insufficient-scope": { status: 403, title: "publicApi.problem.insufficientScope" },
  forbidden: { status: 403, title: "publicApi.problem.forbidden" },
  "not-found": { status: 404, title: "publicApi.problem.notFound" },
  "method-not-allowed": { status: 405, title: "publicApi.problem.methodNotAllowed" },
  refused: { status: 409, title: "publicApi.problem.refused" },
  "idempotency-key-in-use": { status: 409, title: "publicApi.problem.idempotencyKeyInUse" },
  "precondition-failed": { status: 412, title: "publicApi.problem.preconditionFailed" },
  "payload-too-large": { status: 413, title: "publicApi.problem.payloadTooLarge" },
  "unsupported-media-type": { status: 415, title: "publicApi.problem.unsupportedMediaType" },
  "validation-failed": { status: 422, title: "publicApi.problem.validationFailed" },
  "idempotency-key-reused": { status: 422, title: "publicApi.problem.idempotencyKeyReused" },
  "precondition-required": { status: 428, title: "publicApi.problem.preconditionRequired" },
  "rate-limited": { status: 429, title: "publicApi.problem.rateLimited" },
  "internal-error": { status: 500, title: "publicApi.problem.internalError" },
} as const satisfies Record<string, { status: number; title: MessageKey }>;
export type ProblemType = keyof typeof problemTypes;

/** What each problem type means, for the reference page. */
export const problemDescriptions: Record<ProblemType, MessageKey> = {
  "invalid-request": "publicApi.problem.invalidRequest.about",
  unauthorized: "publicApi.problem.unauthorized.about",
  "insufficient-scope": "publicApi.problem.insufficientScope.about",
  forbidden: "publicApi.problem.forbidden.about",
  "not-found": "publicApi.problem.notFound.about",
  "method-not-allowed": "publicApi.problem.methodNotAllowed.about",
  refused: "publicApi.problem.refused.about",
  "idempotency-key-in-use": "publicApi.problem.idempotencyKeyInUse.about",
  "precondition-failed": "publicApi.problem.preconditionFailed.about",
  "payload-too-large": "publicApi.problem.payloadTooLarge.about",
  "unsupported-media-type": "publicApi.problem.unsupportedMediaType.about",
  "validation-failed": "publicApi.problem.validationFailed.about",
  "idempotency-key-reused": "publicApi.problem.idempotencyKeyReused.about",
  "precondition-required": "publicApi.problem.preconditionRequired.about",
  "rate-limited": "publicApi.problem.rateLimited.about",
  "internal-error": "publicApi.problem.internalError.about",
};

/** A refused field before translation: where, a stable code (a message key), its parameters. */
export type FieldIssue = { field: string; code: MessageKey; params?: TranslationParams; record?: { type: "contact" | "company"; id: string } };

export type FieldError = { field: string; code: string; message: string; record?: { type: "contact" | "company"; id: string } };

export type Problem = { type: string; title: string; status: number; detail: string; instance: string; errors?: FieldError[] };

/** Thrown anywhere in the API's handling; the gateway answers it as a problem. */
export class ApiProblem extends Error {
  readonly status: number;
  constructor(
    readonly kind: ProblemType,
    readonly detail: { key: MessageKey; params?: TranslationParams },
    readonly extra: { errors?: FieldIssue[]; headers?: Record<string, string> } = {},
  ) {
    super(`${kind}: ${detail.key}`);
    this.name = "ApiProblem";
    this.status = problemTypes[kind].status;
  }
}

export function problemTypeUri(kind: ProblemType): string {
  return `${env().PUBLIC_URL}/api/docs#problem-${kind}`;
}

function isMessageKey(text: string): text is MessageKey {
  return Object.prototype.hasOwnProperty.call(fr, text);
}

/** The problem document of an ApiProblem, in the caller's language. */
export function problemBody(problem: ApiProblem, locale: Locale, instance: string): Problem {
  const t = translator(locale);
  const body: Problem = {
    type: problemTypeUri(problem.kind),
    title: t(problemTypes[problem.kind].title),
    status: problem.status,
    detail: t(problem.detail.key, problem.detail.params),
    instance,
  };
  if (problem.extra.errors?.length) {
    body.errors = problem.extra.errors.map((issue) => ({
      field: issue.field,
      code: issue.code,
      message: t(issue.code, issue.params),
      ...(issue.record ? { record: issue.record } : {}),
    }));
  }
  return body;
}

// ───────────────────────────── from zod ─────────────────────────────

/**
 * zod's issues as field errors. Our schemas carry message keys; zod's own messages (a wrong
 * type, an unknown field) get a key from the issue's code. `prefix` places a nested schema's
 * fields (e.g. "requester").
 */
export function fieldIssuesFromZod(error: ZodError, options: { prefix?: string; rename?: Record<string, string> } = {}): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const fieldOf = (path: Array<string | number>) => {
    const renamed = renameField(path.join("."), options.rename);
    return [options.prefix, renamed].filter(Boolean).join(".") || "body";
  };
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) issues.push({ field: fieldOf([...issue.path, key]), code: "publicApi.validation.unknownField" });
      continue;
    }
    issues.push({ field: fieldOf(issue.path), ...codeOf(issue) });
  }
  // One error per field: the first, as the forms show it.
  const seen = new Set<string>();
  return issues.filter((issue) => (seen.has(issue.field) ? false : (seen.add(issue.field), true)));
}

/** A domain or form field name as the API calls it ("requesterId" → "requester.id", "emails.2" kept). */
export function renameField(field: string, rename: Record<string, string> = {}): string {
  if (rename[field] !== undefined) return rename[field];
  const [head, ...rest] = field.split(".");
  return head !== undefined && rename[head] !== undefined ? [rename[head], ...rest].filter(Boolean).join(".") : field;
}

function codeOf(issue: ZodIssue): Pick<FieldIssue, "code" | "params"> {
  if (isMessageKey(issue.message)) return { code: issue.message };
  switch (issue.code) {
    case "invalid_type":
      return issue.received === "undefined" || issue.received === "null"
        ? { code: "validation.required" }
        : { code: "publicApi.validation.type", params: { expected: String(issue.expected) } };
    case "invalid_enum_value":
    case "invalid_literal":
    case "invalid_union_discriminator":
      return { code: "validation.choose" };
    case "too_small":
      if (issue.type === "string" && Number(issue.minimum) === 1) return { code: "validation.required" };
      return { code: "publicApi.validation.tooSmall", params: { minimum: String(issue.minimum) } };
    case "too_big":
      if (issue.type === "string") return { code: "validation.tooLong" };
      return { code: "publicApi.validation.tooBig", params: { maximum: String(issue.maximum) } };
    case "invalid_string":
      return issue.validation === "email" ? { code: "validation.email" } : { code: "publicApi.validation.format" };
    case "invalid_date":
      return { code: "publicApi.validation.format" };
    default:
      return { code: "publicApi.validation.invalid" };
  }
}

/** 422 with the body's field errors. */
export function validationProblem(issues: FieldIssue[]): ApiProblem {
  return new ApiProblem("validation-failed", { key: "publicApi.problem.validationFailed.detail" }, { errors: issues });
}

// ───────────────────────────── from the domain ─────────────────────────────

/**
 * A business refusal as a problem: "not found" is 404 (a record the caller may not see reads as
 * missing), a refusal about one field 422 with that field, any other refusal of the record's
 * current state 409. Optimistic-locking conflicts are handled by the gateway (412).
 */
export function problemFromDomainError(error: DomainError, rename: Record<string, string> = {}): ApiProblem {
  if (error.code === "errors.notFound" && !error.field) return new ApiProblem("not-found", { key: "publicApi.problem.notFound.detail" });
  if (error.field) {
    const issue: FieldIssue = { field: renameField(error.field, rename), code: error.code };
    if (error instanceof OwnedByAnotherRecordError) {
      issue.params = { name: error.owner.name };
      issue.record = { type: error.owner.kind, id: error.owner.id };
    }
    return validationProblem([issue]);
  }
  return new ApiProblem("refused", { key: error.code });
}
