import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { expect } from "vitest";
import { createApiToken } from "~/domain/identity/api-tokens.server";
import type { ApiScope } from "~/domain/identity/permissions";

/**
 * The public API's contract in tests: the document served at /api/v1/openapi.json, checked with
 * a real OpenAPI validator, and every answer a test receives checked against it with ajv: its
 * status must be documented for the operation (found by method and path), its content type must
 * be one the document gives, and its body must match the schema. The client below checks each
 * answer it receives and remembers which operations and statuses were exercised.
 */

type Operation = { operationId: string; responses: Record<string, { content?: Record<string, { schema: unknown }> }> };
type Document = { paths: Record<string, Record<string, Operation>>; components: Record<string, unknown> };

const DOCUMENT_ID = "https://comptoir.test/openapi.json";

export type CheckedAnswer = { status: number; headers: Headers; body: any; text: string; operationId: string };

export class ApiContract {
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly templates: Array<{ template: string; pattern: RegExp }>;
  /** operationId → statuses seen. */
  readonly exercised = new Map<string, Set<number>>();

  private constructor(readonly document: Document) {
    this.ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(this.ajv);
    this.ajv.addFormat("byte", /^[A-Za-z0-9+/]*={0,2}$/);
    this.ajv.addFormat("binary", true);
    this.ajv.addSchema({ $id: DOCUMENT_ID, components: document.components });
    this.templates = Object.keys(document.paths).map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/\{\w+\}/g, "[^/]+")}/?$`),
    }));
  }

  /** Fetches the served document and checks it against the OpenAPI 3.1 schema. */
  static async load(baseUrl: string): Promise<ApiContract> {
    const response = await fetch(`${baseUrl}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as Document;
    const validator = new Validator();
    const result = await validator.validate(document as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    return new ApiContract(document);
  }

  operationIds(): string[] {
    return Object.values(this.document.paths).flatMap((item) => Object.values(item).map((operation) => operation.operationId));
  }

  operationFor(method: string, path: string): Operation {
    const relative = path.replace(/^\/api\/v1/, "").split("?")[0]!;
    const matches = this.templates.filter((entry) => entry.pattern.test(relative));
    // A literal segment wins over a parameter ("/contacts/search" before "/contacts/{contact}").
    matches.sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));
    for (const match of matches) {
      const operation = this.document.paths[match.template]![method.toLowerCase()];
      if (operation) return operation;
    }
    throw new Error(`No operation ${method} ${relative} in the document`);
  }

  private validatorFor(operationId: string, status: string, contentType: string, schema: unknown): ValidateFunction {
    const key = `${operationId} ${status} ${contentType}`;
    let validate = this.validators.get(key);
    if (!validate) {
      const rebased = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', `"${DOCUMENT_ID}#/components/`)) as object;
      validate = this.ajv.compile(rebased);
      this.validators.set(key, validate);
    }
    return validate;
  }

  /** Checks an answer against the operation's documented responses; returns it read. */
  async check(method: string, path: string, response: Response): Promise<CheckedAnswer> {
    const operation = this.operationFor(method, path);
    const text = method.toUpperCase() === "HEAD" ? "" : await response.text();
    const status = response.status;
    const documented = operation.responses[String(status)];
    if (!documented) throw new Error(`${operation.operationId} answered ${status}, which its document does not list (${Object.keys(operation.responses).join(", ")}): ${text.slice(0, 500)}`);
    let exercised = this.exercised.get(operation.operationId);
    if (!exercised) this.exercised.set(operation.operationId, (exercised = new Set()));
    exercised.add(status);
    let body: unknown = null;
    if (documented.content && text !== "") {
      const contentType = (response.headers.get("content-type") ?? "").split(";")[0]!.trim();
      const media = documented.content[contentType];
      if (!media) throw new Error(`${operation.operationId} ${status}: content type ${contentType} is not documented (${Object.keys(documented.content).join(", ")})`);
      if (contentType.endsWith("json")) {
        body = JSON.parse(text);
        const validate = this.validatorFor(operation.operationId, String(status), contentType, media.schema);
        if (!validate(body)) {
          throw new Error(`${operation.operationId} ${status} does not match its schema: ${this.ajv.errorsText(validate.errors, { separator: "\n  " })}\n${text.slice(0, 1500)}`);
        }
      } else body = text;
    } else if (!documented.content && text !== "") {
      throw new Error(`${operation.operationId} ${status} has a body but its document gives none: ${text.slice(0, 300)}`);
    }
    return { status, headers: response.headers, body, text, operationId: operation.operationId };
  }
}

export type RequestOptions = { token?: string | null; headers?: Record<string, string>; body?: unknown; rawBody?: string };

/** A client for the API that checks every answer against the contract. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly contract: ApiContract,
    readonly token: string | null = null,
  ) {}

  as(token: string | null): ApiClient {
    return new ApiClient(this.baseUrl, this.contract, token);
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<CheckedAnswer> {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? this.token : options.token;
    if (token) headers.Authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["Content-Type"] ??= "application/json";
    }
    const url = `${this.baseUrl}/api/v1${path}`;
    const response = await fetch(url, { method, headers, body, redirect: "manual" });
    return this.contract.check(method, `/api/v1${path}`, response);
  }

  get(path: string, options?: RequestOptions) {
    return this.request("GET", path, options);
  }
  post(path: string, body: unknown, options: RequestOptions = {}) {
    return this.request("POST", path, { ...options, body });
  }
  patch(path: string, body: unknown, options: RequestOptions = {}) {
    return this.request("PATCH", path, { ...options, body });
  }
}

/** A token for a user, with scopes (all the role can use by default). */
export async function aToken(userId: string, scopes: ApiScope[], options: { expiresAt?: Date | null; now?: Date } = {}): Promise<string> {
  const created = await createApiToken({ userId, actorId: userId, name: `Test ${scopes.join(" ")}`.slice(0, 100), scopes, expiresAt: options.expiresAt ?? null, now: options.now });
  return created.token;
}
