import type { ZodTypeAny } from "zod";
import { replayWebhookDelivery, sendWebhookPing } from "~/domain/webhooks/webhook-delivery.server";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  findWebhookDelivery,
  getWebhookEndpoint,
  listWebhookDeliveryRecords,
  listWebhookEndpointRecords,
  readWebhookDeliveryCursor,
  readWebhookEndpointCursor,
  rotateWebhookSecret,
  updateWebhookEndpoint,
  type WebhookDeliveryRow,
  type WebhookEndpointView,
} from "~/domain/webhooks/webhook-endpoints.server";
import { webhookEventTypes } from "~/domain/webhooks/webhook-events";
import { WEBHOOK_URL_MAX_LENGTH, webhookEndpointFormSchema, webhookEndpointUpdateSchema } from "~/domain/webhooks/webhook-schemas";
import { env } from "~/lib/env.server";
import { defineEndpoint } from "../endpoint.server";
import { ApiProblem, fieldIssuesFromZod, validationProblem } from "../problem.server";
import { booleanQuery, instant, pageOf, pageQuery, recordId } from "../schemas";
import { z } from "../zod";

/**
 * Webhook endpoints over the API, as Administration › Webhooks manages them (docs/webhooks.md):
 * register one (its secret returned once), read, change (If-Match on its version; switching it
 * back on is a reactivation), delete, its delivery log page by page, send a delivery again, a test
 * event, a new secret (returned once; the previous one signs for 24 hours more). Endpoints are
 * workspace settings: the scope `webhooks:manage` needs `manage:setting`, so only an
 * administrator's token holds it, and every administrator sees every endpoint. The URL is checked
 * against the SSRF rules when saved: a refused address is a 422 on `url`.
 */

const notFound = () => new ApiProblem("not-found", { key: "publicApi.problem.notFound.detail" });
const ref = () => z.object({ id: z.string(), name: z.string() });

/** Runs the Administration form's schema over values built from the JSON body; its refusals become field errors. */
function throughForm<Schema extends ZodTypeAny>(schema: Schema, values: Record<string, unknown>): z.output<Schema> {
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw validationProblem(fieldIssuesFromZod(parsed.error));
  return parsed.data;
}

// ───────────────────────────── shapes ─────────────────────────────

const eventTypes = z.array(z.enum(webhookEventTypes)).openapi({ description: "publicApi.field.webhookEvents" });

const webhookEndpointSchema = z
  .object({
    id: z.string(),
    url: z.string().openapi({ format: "uri", description: "publicApi.field.webhookUrl" }),
    description: z.string().openapi({ description: "publicApi.field.webhookDescription" }),
    events: eventTypes,
    active: z.boolean().openapi({ description: "publicApi.field.webhookActive" }),
    disabledAt: instant().nullable().openapi({ description: "publicApi.field.webhookDisabledAt" }),
    disabledReason: z.string().nullable().openapi({ description: "publicApi.field.webhookDisabledReason" }),
    consecutiveFailures: z.number().int().openapi({ description: "publicApi.field.webhookConsecutiveFailures" }),
    previousSecretExpiresAt: instant().nullable().openapi({ description: "publicApi.field.webhookPreviousSecret" }),
    version: z.number().int().openapi({ description: "publicApi.field.version" }),
    createdAt: instant(),
    updatedAt: instant(),
    createdBy: ref().nullable(),
    webUrl: z.string().url().openapi({ description: "publicApi.field.webUrl" }),
  })
  .openapi("WebhookEndpoint");

const secretField = () => z.string().openapi({ description: "publicApi.field.webhookSecret", example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" });

const webhookEndpointCreated = webhookEndpointSchema.extend({ secret: secretField() }).openapi("WebhookEndpointCreated");

const deliveryStatuses = ["queued", "sending", "delivered", "failed"] as const;

const webhookDeliverySchema = z
  .object({
    id: z.string(),
    eventId: z.string().openapi({ description: "publicApi.field.webhookDeliveryEventId" }),
    eventType: z.string().openapi({ description: "publicApi.field.webhookDeliveryEventType", example: "ticket.created" }),
    webhookId: z.string().openapi({ description: "publicApi.field.webhookDeliveryWebhookId" }),
    status: z.enum(deliveryStatuses).openapi({ description: "publicApi.field.webhookDeliveryStatus" }),
    attempts: z.number().int(),
    nextAttemptAt: instant().nullable().openapi({ description: "publicApi.field.webhookDeliveryNextAttempt" }),
    lastAttemptAt: instant().nullable(),
    deliveredAt: instant().nullable(),
    responseStatus: z.number().int().nullable().openapi({ description: "publicApi.field.webhookDeliveryResponseStatus" }),
    durationMs: z.number().int().nullable(),
    responseBody: z.string().openapi({ description: "publicApi.field.webhookDeliveryResponseBody" }),
    error: z.string().nullable().openapi({ description: "publicApi.field.webhookDeliveryError" }),
    payload: z.string().openapi({ description: "publicApi.field.webhookDeliveryPayload" }),
    createdAt: instant(),
  })
  .openapi("WebhookDelivery");

const webUrl = (id: string) => `${env().PUBLIC_URL}/admin/webhooks/${id}`;

function endpointOf(endpoint: WebhookEndpointView): z.input<typeof webhookEndpointSchema> {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    events: endpoint.events,
    active: endpoint.active,
    disabledAt: endpoint.disabledAt,
    disabledReason: endpoint.disabledAt ? endpoint.disabledReason : null,
    consecutiveFailures: endpoint.consecutiveFailures,
    // Past its grace period the previous secret signs nothing: not worth mentioning.
    previousSecretExpiresAt: endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > new Date() ? endpoint.previousSecretExpiresAt : null,
    version: endpoint.version,
    createdAt: endpoint.createdAt,
    updatedAt: endpoint.updatedAt,
    createdBy: endpoint.createdBy,
    webUrl: webUrl(endpoint.id),
  };
}

function deliveryOf(delivery: WebhookDeliveryRow): z.input<typeof webhookDeliverySchema> {
  return {
    id: delivery.id,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    webhookId: delivery.webhookId,
    status: delivery.status as z.input<typeof webhookDeliverySchema>["status"],
    attempts: delivery.attempts,
    nextAttemptAt: delivery.status === "queued" ? delivery.nextAttemptAt : null,
    lastAttemptAt: delivery.lastAttemptAt,
    deliveredAt: delivery.deliveredAt,
    responseStatus: delivery.responseStatus,
    durationMs: delivery.durationMs,
    responseBody: delivery.responseBody,
    error: delivery.lastError || null,
    payload: delivery.payload,
    createdAt: delivery.createdAt,
  };
}

const webhookParams = z.object({ webhook: recordId().openapi({ description: "publicApi.param.webhook" }) });

async function existingEndpoint(id: string): Promise<WebhookEndpointView> {
  const endpoint = await getWebhookEndpoint(id);
  if (!endpoint) throw notFound();
  return endpoint;
}

const common = { tag: "webhooks", scope: "webhooks:manage", permission: "manage:setting" } as const;

// ───────────────────────────── endpoints ─────────────────────────────

const listWebhookEndpoints = defineEndpoint({
  ...common,
  operationId: "listWebhookEndpoints",
  method: "get",
  path: "/webhooks",
  summary: "publicApi.op.listWebhookEndpoints",
  description: "publicApi.op.listWebhookEndpoints.about",
  query: z
    .object({
      active: booleanQuery().optional().openapi({ description: "publicApi.param.webhookActive" }),
      ...pageQuery,
    })
    .superRefine((query, context) => {
      if (query.cursor && !readWebhookEndpointCursor(query.cursor)) context.addIssue({ code: "custom", path: ["cursor"], message: "publicApi.validation.cursor" });
    }),
  paginated: true,
  response: { status: 200, description: "publicApi.response.webhookEndpointPage", schema: pageOf(webhookEndpointSchema, "WebhookEndpointPage") },
  example: { query: { active: "true" } },
  async handle({ query }) {
    const page = await listWebhookEndpointRecords({ active: query.active }, { cursor: query.cursor, limit: query.limit });
    return { status: 200, body: { data: page.endpoints.map(endpointOf), next: page.nextCursor } };
  },
});

const newWebhookEndpoint = z
  .object({
    url: z.string({ required_error: "validation.required" }).max(WEBHOOK_URL_MAX_LENGTH, "validation.tooLong").openapi({ format: "uri", description: "publicApi.field.webhookUrl" }),
    description: z.string().max(200, "validation.tooLong").optional().openapi({ description: "publicApi.field.webhookDescription" }),
    events: z.array(z.enum(webhookEventTypes)).openapi({ description: "publicApi.field.webhookEvents" }),
    active: z.boolean().default(true).openapi({ description: "publicApi.field.webhookActive" }),
  })
  .strict()
  .openapi("NewWebhookEndpoint");

const createWebhookEndpointOperation = defineEndpoint({
  ...common,
  operationId: "createWebhookEndpoint",
  method: "post",
  path: "/webhooks",
  summary: "publicApi.op.createWebhookEndpoint",
  description: "publicApi.op.createWebhookEndpoint.about",
  body: newWebhookEndpoint,
  secretInAnswer: true,
  response: { status: 201, description: "publicApi.response.webhookEndpointCreated", schema: webhookEndpointCreated, location: true },
  example: { body: { url: "https://erp.atelier-dupont.fr/hooks/comptoir", description: "ERP", events: ["ticket.created", "ticket.solved", "message.created"] } },
  async handle({ caller, body, url }) {
    const form = throughForm(webhookEndpointFormSchema, { url: body.url, description: body.description ?? "", events: body.events, active: body.active });
    // A URL the SSRF rules refuse is a DomainError on "url" (422).
    const created = await createWebhookEndpoint({ form, actorId: caller.id });
    const endpoint = await existingEndpoint(created.id);
    return { status: 201, body: { ...endpointOf(endpoint), secret: created.secret }, etag: endpoint.version, location: url(`/webhooks/${endpoint.id}`) };
  },
});

const getWebhookEndpointOperation = defineEndpoint({
  ...common,
  operationId: "getWebhookEndpoint",
  method: "get",
  path: "/webhooks/{webhook}",
  summary: "publicApi.op.getWebhookEndpoint",
  description: "publicApi.op.getWebhookEndpoint.about",
  params: webhookParams,
  conditional: "read",
  response: { status: 200, description: "publicApi.response.webhookEndpoint", schema: webhookEndpointSchema },
  example: { params: { webhook: "cmf3k2x0p0001qv8h5t2d9a1b" } },
  async handle({ params }) {
    const endpoint = await existingEndpoint(params.webhook);
    return { status: 200, body: endpointOf(endpoint), etag: endpoint.version };
  },
});

const webhookEndpointChanges = z
  .object({
    url: z.string().max(WEBHOOK_URL_MAX_LENGTH, "validation.tooLong").optional().openapi({ format: "uri", description: "publicApi.field.webhookUrl" }),
    description: z.string().max(200, "validation.tooLong").optional(),
    events: z.array(z.enum(webhookEventTypes)).optional().openapi({ description: "publicApi.field.webhookEventsReplace" }),
    active: z.boolean().optional().openapi({ description: "publicApi.field.webhookActiveChange" }),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: "publicApi.validation.emptyPatch" })
  .openapi("WebhookEndpointChanges");

const updateWebhookEndpointOperation = defineEndpoint({
  ...common,
  operationId: "updateWebhookEndpoint",
  method: "patch",
  path: "/webhooks/{webhook}",
  summary: "publicApi.op.updateWebhookEndpoint",
  description: "publicApi.op.updateWebhookEndpoint.about",
  params: webhookParams,
  body: webhookEndpointChanges,
  conditional: "required",
  response: { status: 200, description: "publicApi.response.webhookEndpoint", schema: webhookEndpointSchema },
  example: { params: { webhook: "cmf3k2x0p0001qv8h5t2d9a1b" }, body: { events: ["ticket.created", "ticket.updated", "ticket.solved"], active: true } },
  async handle({ caller, params, body, expectedVersion }) {
    const current = await existingEndpoint(params.webhook);
    const version = await expectedVersion(async () => current.version);
    const form = throughForm(webhookEndpointUpdateSchema, {
      url: body.url ?? current.url,
      description: body.description ?? current.description,
      events: body.events ?? current.events,
      active: body.active ?? current.active,
      version,
    });
    await updateWebhookEndpoint({ endpointId: current.id, form, actorId: caller.id });
    const endpoint = await existingEndpoint(current.id);
    return { status: 200, body: endpointOf(endpoint), etag: endpoint.version };
  },
});

const deleteWebhookEndpointOperation = defineEndpoint({
  ...common,
  operationId: "deleteWebhookEndpoint",
  method: "delete",
  path: "/webhooks/{webhook}",
  summary: "publicApi.op.deleteWebhookEndpoint",
  description: "publicApi.op.deleteWebhookEndpoint.about",
  params: webhookParams,
  response: { status: 204, description: "publicApi.response.webhookEndpointDeleted" },
  example: { params: { webhook: "cmf3k2x0p0001qv8h5t2d9a1b" } },
  async handle({ caller, params }) {
    await deleteWebhookEndpoint({ endpointId: params.webhook, actorId: caller.id });
    return { status: 204 };
  },
});

// ───────────────────────────── the delivery log ─────────────────────────────

const listWebhookDeliveries = defineEndpoint({
  ...common,
  operationId: "listWebhookDeliveries",
  method: "get",
  path: "/webhooks/{webhook}/deliveries",
  summary: "publicApi.op.listWebhookDeliveries",
  description: "publicApi.op.listWebhookDeliveries.about",
  params: webhookParams,
  query: z
    .object({
      status: z.enum(["queued", "delivered", "failed"]).optional().openapi({ description: "publicApi.param.webhookDeliveryStatus" }),
      ...pageQuery,
    })
    .superRefine((query, context) => {
      if (query.cursor && !readWebhookDeliveryCursor(query.cursor)) context.addIssue({ code: "custom", path: ["cursor"], message: "publicApi.validation.cursor" });
    }),
  paginated: true,
  response: { status: 200, description: "publicApi.response.webhookDeliveryPage", schema: pageOf(webhookDeliverySchema, "WebhookDeliveryPage") },
  example: { params: { webhook: "cmf3k2x0p0001qv8h5t2d9a1b" }, query: { status: "failed" } },
  async handle({ params, query }) {
    const endpoint = await existingEndpoint(params.webhook);
    const page = await listWebhookDeliveryRecords(endpoint.id, { filter: query.status ?? "all", cursor: query.cursor, limit: query.limit });
    return { status: 200, body: { data: page.deliveries.map(deliveryOf), next: page.nextCursor } };
  },
});

const replayWebhookDeliveryOperation = defineEndpoint({
  ...common,
  operationId: "replayWebhookDelivery",
  method: "post",
  path: "/webhooks/{webhook}/deliveries/{delivery}/replay",
  summary: "publicApi.op.replayWebhookDelivery",
  description: "publicApi.op.replayWebhookDelivery.about",
  params: webhookParams.extend({ delivery: recordId().openapi({ description: "publicApi.param.webhookDelivery" }) }),
  refusals: [409],
  response: { status: 200, description: "publicApi.response.webhookDeliveryReplayed", schema: webhookDeliverySchema },
  example: { params: { webhook: "cmf3k2x0p0001qv8h5t2d9a1b", delivery: "cmf3l9q2r0004qv8hx1y2z3a4" } },
  async handle({ caller, params }) {
    // A delivery still waiting, or a test event, is refused (409); another endpoint's is not found.
    await replayWebhookDelivery({ endpointId: params.webhook, deliveryId: params.delivery, actorId: caller.id });
    const delivery = await findWebhookDelivery(params.webhook, params.delivery);
    if (!delivery) throw notFound();
    return { status: 200, body: deliveryOf(delivery) };
  },
});

const webhookTestResult = z
  .object({
    delivered: z.boolean().openapi({ description: "publicApi.field.webhookPingDelivered" }),
    responseStatus: z.number().int().nullable().openapi({ description: "publicApi.field.webhookDeliveryResponseStatus" }),
    durationMs: z.number().int().nullable(),
    responseBody: z.string().openapi({ description: "publicApi.field.webhookDeliveryResponseBody" }),
    error: z.string().nullable().openapi({ description: "publicApi.field.webhookDeliveryError" }),
    deliveryId: z.string().openapi({ description: "publicApi.field.webhookPingDelivery" }),
  })
  .openapi("WebhookTestResult");

const pingWebhookEndpoint = defineEndpoint({
  ...common,
  operationId: "pingWebhookEndpoint",
  method: "post",
  path: "/webhooks/{webhook}/ping",
  summary: "publicApi.op.pingWebhookEndpoint",
  description: "publicApi.op.pingWebhookEndpoint.about",
  params: webhookParams,
  response: { status: 200, description: "publicApi.response.webhookTestResult", schema: webhookTestResult },
  example: { params: { webhook: "cmf3k2x0p0001qv8h5t2d9a1b" } },
  async handle({ params }) {
    const endpoint = await existingEndpoint(params.webhook);
    const result = await sendWebhookPing({ endpointId: endpoint.id });
    return {
      status: 200,
      body: { delivered: result.ok, responseStatus: result.status, durationMs: result.durationMs, responseBody: result.responseBody, error: result.ok ? null : result.error, deliveryId: result.deliveryId },
    };
  },
});

const secretRotated = z
  .object({
    secret: secretField(),
    previousSecretExpiresAt: instant().openapi({ description: "publicApi.field.webhookPreviousSecret" }),
    version: z.number().int().openapi({ description: "publicApi.field.version" }),
  })
  .openapi("WebhookSecretRotated");

const rotateWebhookSecretOperation = defineEndpoint({
  ...common,
  operationId: "rotateWebhookSecret",
  method: "post",
  path: "/webhooks/{webhook}/rotate-secret",
  summary: "publicApi.op.rotateWebhookSecret",
  description: "publicApi.op.rotateWebhookSecret.about",
  params: webhookParams,
  secretInAnswer: true,
  response: { status: 200, description: "publicApi.response.webhookSecretRotated", schema: secretRotated },
  example: { params: { webhook: "cmf3k2x0p0001qv8h5t2d9a1b" } },
  async handle({ caller, params }) {
    const secret = await rotateWebhookSecret({ endpointId: params.webhook, actorId: caller.id });
    const endpoint = await existingEndpoint(params.webhook);
    return { status: 200, body: { secret, previousSecretExpiresAt: endpoint.previousSecretExpiresAt ?? new Date(), version: endpoint.version } };
  },
});

export const webhookEndpoints = [
  listWebhookEndpoints,
  createWebhookEndpointOperation,
  getWebhookEndpointOperation,
  updateWebhookEndpointOperation,
  deleteWebhookEndpointOperation,
  listWebhookDeliveries,
  replayWebhookDeliveryOperation,
  pingWebhookEndpoint,
  rotateWebhookSecretOperation,
];
