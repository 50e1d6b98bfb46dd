import { DomainError } from "~/domain/errors";
import { recordAudit } from "~/domain/identity/audit.server";
import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { decodeKeysetCursor, encodeKeysetCursor, keysetAfter, keysetOrderBy, type KeysetOrder } from "~/lib/keyset";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { createSafeHttpClient, SafeHttpError, type SafeHttpClient } from "~/lib/net/safe-http-client.server";
import { openSecret, sealSecret } from "~/lib/secret-box.server";
import { parseSubscribedEvents, type WebhookEventType } from "./webhook-events";
import type { WebhookDeliveryFilter, WebhookEndpointForm, WebhookEndpointUpdateForm } from "./webhook-schemas";
import { generateWebhookSecret } from "./webhook-signing.server";
import { wakeWebhookSender } from "./webhook-wake.server";

/**
 * Webhook endpoints, as Administration › Webhooks (and, later, the API) manage them: create,
 * change, delete, the secret (shown once, revealable, rotatable), reactivation, and the delivery
 * log. Every change is in the audit log. The URL is checked against the SSRF policy when saved
 * (and again at each delivery: a name can resolve elsewhere tomorrow).
 */

/** After a rotation the previous secret still signs for this long (receivers switch over). */
export const PREVIOUS_SECRET_GRACE_MS = 24 * 60 * 60 * 1000;

export class WebhookEndpointConflictError extends DomainError {
  /** `currentVersion`: the version saved now, when known (the API answers it as the ETag of its 412). */
  constructor(readonly currentVersion?: number) {
    super("validation.staleRecord", "form");
    this.name = "WebhookEndpointConflictError";
  }
}

const refusalKeys: Record<string, MessageKey> = {
  scheme: "webhooks.validation.scheme",
  credentials: "webhooks.validation.credentials",
  invalid: "webhooks.validation.url",
  loopback: "webhooks.url.refused.loopback",
  private: "webhooks.url.refused.private",
  carrierGradeNat: "webhooks.url.refused.private",
  uniqueLocal: "webhooks.url.refused.private",
  linkLocal: "webhooks.url.refused.linkLocal",
  multicast: "webhooks.url.refused.special",
  broadcast: "webhooks.url.refused.special",
  unspecified: "webhooks.url.refused.special",
  reserved: "webhooks.url.refused.special",
};

/**
 * Refuses a URL the sender would refuse: not http(s), credentials in it, a name that does not
 * resolve, or one address in a forbidden range. Throws a DomainError on the `url` field.
 */
export async function assertWebhookUrlAllowed(url: string, client: SafeHttpClient = createSafeHttpClient()): Promise<void> {
  try {
    await client.checkDestination(url);
  } catch (error) {
    if (!(error instanceof SafeHttpError)) throw error;
    if (error.kind === "dns") throw new DomainError("webhooks.url.unresolvable", "url");
    throw new DomainError(refusalKeys[error.refusal ?? "invalid"] ?? "webhooks.validation.url", "url");
  }
}

type SaveOptions = { client?: SafeHttpClient };

/** Creates an endpoint with a new secret; the secret is returned once, for the page to show. */
export async function createWebhookEndpoint(input: { form: WebhookEndpointForm; actorId: string | null }, options: SaveOptions = {}): Promise<{ id: string; secret: string }> {
  await assertWebhookUrlAllowed(input.form.url, options.client);
  const secret = generateWebhookSecret();
  const endpoint = await db().$transaction(async (tx) => {
    const created = await tx.webhookEndpoint.create({
      data: {
        url: input.form.url,
        description: input.form.description,
        events: JSON.stringify(input.form.events),
        active: input.form.active,
        secretSealed: sealSecret(secret),
        createdById: input.actorId,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "webhook.created",
      entityType: "webhook_endpoint",
      entityId: created.id,
      details: { url: input.form.url, events: input.form.events, active: input.form.active },
    });
    return created;
  });
  return { id: endpoint.id, secret };
}

/**
 * Saves the form over the endpoint if nobody changed it since `version`. Switching `active` on
 * here is a reactivation (the failure count restarts, waiting deliveries go at once).
 */
export async function updateWebhookEndpoint(input: { endpointId: string; form: WebhookEndpointUpdateForm; actorId: string | null }, options: SaveOptions = {}): Promise<void> {
  const before = await db().webhookEndpoint.findUnique({ where: { id: input.endpointId }, select: { url: true, description: true, events: true, active: true, version: true } });
  if (!before) throw new DomainError("errors.notFound");
  if (before.version !== input.form.version) throw new WebhookEndpointConflictError(before.version);
  if (input.form.url !== before.url) await assertWebhookUrlAllowed(input.form.url, options.client);
  const events = JSON.stringify(input.form.events);
  const changes = {
    ...(input.form.url !== before.url ? { url: { from: before.url, to: input.form.url } } : {}),
    ...(input.form.description !== before.description ? { description: { from: before.description, to: input.form.description } } : {}),
    ...(events !== before.events ? { events: { from: parseSubscribedEvents(before.events), to: input.form.events } } : {}),
    ...(input.form.active !== before.active ? { active: { from: before.active, to: input.form.active } } : {}),
  };
  const reactivated = input.form.active && !before.active;
  await db().$transaction(async (tx) => {
    const { count } = await tx.webhookEndpoint.updateMany({
      where: { id: input.endpointId, version: input.form.version },
      data: {
        url: input.form.url,
        description: input.form.description,
        events,
        active: input.form.active,
        ...(reactivated ? { disabledAt: null, disabledReason: "", consecutiveFailures: 0 } : {}),
        version: { increment: 1 },
      },
    });
    if (count === 0) throw new WebhookEndpointConflictError(before.version + 1);
    if (reactivated) await tx.webhookDelivery.updateMany({ where: { endpointId: input.endpointId, status: "queued" }, data: { nextAttemptAt: new Date() } });
    if (Object.keys(changes).length > 0) {
      await recordAudit(tx, { actorId: input.actorId, action: "webhook.updated", entityType: "webhook_endpoint", entityId: input.endpointId, details: changes });
    }
  });
  if (reactivated) wakeWebhookSender();
}

/** Deletes the endpoint and its delivery log. */
export async function deleteWebhookEndpoint(input: { endpointId: string; actorId: string | null }): Promise<void> {
  await db().$transaction(async (tx) => {
    const endpoint = await tx.webhookEndpoint.findUnique({ where: { id: input.endpointId }, select: { url: true, description: true } });
    if (!endpoint) throw new DomainError("errors.notFound");
    await tx.webhookEndpoint.delete({ where: { id: input.endpointId } });
    await recordAudit(tx, { actorId: input.actorId, action: "webhook.deleted", entityType: "webhook_endpoint", entityId: input.endpointId, details: endpoint });
  });
}

/** Turns an endpoint deactivated (by hand or after failures) back on: its waiting deliveries resume now. */
export async function reactivateWebhookEndpoint(input: { endpointId: string; actorId: string | null }): Promise<void> {
  await db().$transaction(async (tx) => {
    const endpoint = await tx.webhookEndpoint.findUnique({ where: { id: input.endpointId }, select: { active: true, disabledReason: true } });
    if (!endpoint) throw new DomainError("errors.notFound");
    if (endpoint.active) return;
    await tx.webhookEndpoint.update({
      where: { id: input.endpointId },
      data: { active: true, disabledAt: null, disabledReason: "", consecutiveFailures: 0, version: { increment: 1 } },
    });
    await tx.webhookDelivery.updateMany({ where: { endpointId: input.endpointId, status: "queued" }, data: { nextAttemptAt: new Date() } });
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "webhook.reactivated",
      entityType: "webhook_endpoint",
      entityId: input.endpointId,
      details: endpoint.disabledReason ? { disabledReason: endpoint.disabledReason } : {},
    });
  });
  wakeWebhookSender();
}

/** The current secret, for an admin who confirmed they want to see it (audited). */
export async function revealWebhookSecret(input: { endpointId: string; actorId: string | null }): Promise<string> {
  const endpoint = await db().webhookEndpoint.findUnique({ where: { id: input.endpointId }, select: { secretSealed: true } });
  if (!endpoint) throw new DomainError("errors.notFound");
  const secret = openSecret(endpoint.secretSealed);
  await db().$transaction((tx) => recordAudit(tx, { actorId: input.actorId, action: "webhook.secret_revealed", entityType: "webhook_endpoint", entityId: input.endpointId }));
  return secret;
}

/**
 * A new secret; the previous one keeps signing (a second signature) for PREVIOUS_SECRET_GRACE_MS
 * so the receiver can switch without rejecting a delivery. Returns the new secret, once.
 */
export async function rotateWebhookSecret(input: { endpointId: string; actorId: string | null; now?: Date }): Promise<string> {
  const now = input.now ?? new Date();
  const secret = generateWebhookSecret();
  await db().$transaction(async (tx) => {
    const endpoint = await tx.webhookEndpoint.findUnique({ where: { id: input.endpointId }, select: { secretSealed: true } });
    if (!endpoint) throw new DomainError("errors.notFound");
    await tx.webhookEndpoint.update({
      where: { id: input.endpointId },
      data: {
        secretSealed: sealSecret(secret),
        previousSecretSealed: endpoint.secretSealed,
        previousSecretExpiresAt: new Date(now.getTime() + PREVIOUS_SECRET_GRACE_MS),
        version: { increment: 1 },
      },
    });
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "webhook.secret_rotated",
      entityType: "webhook_endpoint",
      entityId: input.endpointId,
      details: { previousValidUntil: new Date(now.getTime() + PREVIOUS_SECRET_GRACE_MS).toISOString() },
    });
  });
  return secret;
}

// ───────────────────────────── reading ─────────────────────────────

const endpointSelect = {
  id: true,
  url: true,
  description: true,
  events: true,
  active: true,
  consecutiveFailures: true,
  disabledAt: true,
  disabledReason: true,
  previousSecretExpiresAt: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  createdBy: { select: { id: true, name: true } },
} as const;

type EndpointRow = Prisma.WebhookEndpointGetPayload<{ select: typeof endpointSelect }>;

export type WebhookEndpointView = Omit<EndpointRow, "events"> & { events: WebhookEventType[] };

function toView(row: EndpointRow): WebhookEndpointView {
  return { ...row, events: parseSubscribedEvents(row.events) };
}

export async function getWebhookEndpoint(endpointId: string): Promise<WebhookEndpointView | null> {
  const row = await db().webhookEndpoint.findUnique({ where: { id: endpointId }, select: endpointSelect });
  return row ? toView(row) : null;
}

const lastDeliverySelect = { id: true, eventType: true, status: true, responseStatus: true, lastError: true, lastAttemptAt: true, deliveredAt: true } as const;

/** Every endpoint with its last attempted delivery and how many deliveries wait or failed. */
export async function listWebhookEndpoints() {
  const endpoints = await db().webhookEndpoint.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: endpointSelect });
  const counts = await db().webhookDelivery.groupBy({ by: ["endpointId", "status"], _count: true });
  return Promise.all(
    endpoints.map(async (endpoint) => {
      const lastDelivery = await db().webhookDelivery.findFirst({
        where: { endpointId: endpoint.id, lastAttemptAt: { not: null } },
        orderBy: [{ lastAttemptAt: "desc" }, { id: "desc" }],
        select: lastDeliverySelect,
      });
      const count = (status: string) => counts.find((row) => row.endpointId === endpoint.id && row.status === status)?._count ?? 0;
      return { ...toView(endpoint), lastDelivery, waiting: count("queued") + count("sending"), failed: count("failed") };
    }),
  );
}

export const WEBHOOK_DELIVERIES_PAGE_SIZE = 50;

const deliverySelect = {
  id: true,
  eventId: true,
  eventPosition: true,
  eventType: true,
  webhookId: true,
  status: true,
  attempts: true,
  nextAttemptAt: true,
  lastAttemptAt: true,
  responseStatus: true,
  durationMs: true,
  responseBody: true,
  lastError: true,
  deliveredAt: true,
  createdAt: true,
  payload: true,
} as const;

export type WebhookDeliveryRow = Prisma.WebhookDeliveryGetPayload<{ select: typeof deliverySelect }>;

function deliveryStatusWhere(filter: WebhookDeliveryFilter): Prisma.WebhookDeliveryWhereInput {
  if (filter === "all") return {};
  if (filter === "queued") return { status: { in: ["queued", "sending"] } };
  return { status: filter };
}

/** An endpoint's delivery log, newest first, with counts per filter. */
export async function listWebhookDeliveries(endpointId: string, options: { filter?: WebhookDeliveryFilter; page?: number; take?: number } = {}) {
  const filter = options.filter ?? "all";
  const take = options.take ?? WEBHOOK_DELIVERIES_PAGE_SIZE;
  const page = Math.max(1, options.page ?? 1);
  const where: Prisma.WebhookDeliveryWhereInput = { endpointId, ...deliveryStatusWhere(filter) };
  const [rows, total, grouped] = await Promise.all([
    db().webhookDelivery.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (page - 1) * take, take, select: deliverySelect }),
    db().webhookDelivery.count({ where }),
    db().webhookDelivery.groupBy({ by: ["status"], where: { endpointId }, _count: true }),
  ]);
  const count = (status: string) => grouped.find((row) => row.status === status)?._count ?? 0;
  const counts: Record<WebhookDeliveryFilter, number> = {
    all: grouped.reduce((sum, row) => sum + row._count, 0),
    queued: count("queued") + count("sending"),
    delivered: count("delivered"),
    failed: count("failed"),
  };
  return { rows, total, counts, page, pageCount: Math.max(1, Math.ceil(total / take)) };
}

// ───────────────────────────── page by page (public API) ─────────────────────────────

const endpointOrder: KeysetOrder = [{ field: "createdAt", direction: "asc" }];

export function readWebhookEndpointCursor(cursor: string) {
  return decodeKeysetCursor(cursor, "webhooks:createdAt", 1);
}

/** Endpoints in the order they were registered, `limit` at a time after a cursor (the public API's list). */
export async function listWebhookEndpointRecords(filters: { active?: boolean }, page: { cursor?: string | null; limit: number }) {
  const after = page.cursor ? readWebhookEndpointCursor(page.cursor) : null;
  const rows = await db().webhookEndpoint.findMany({
    where: {
      AND: [filters.active === undefined ? {} : { active: filters.active }, after ? (keysetAfter(endpointOrder, after) as Prisma.WebhookEndpointWhereInput) : {}],
    },
    orderBy: keysetOrderBy(endpointOrder) as Prisma.WebhookEndpointOrderByWithRelationInput[],
    take: page.limit + 1,
    select: endpointSelect,
  });
  const endpoints = rows.slice(0, page.limit).map(toView);
  const last = endpoints.at(-1);
  return { endpoints, nextCursor: rows.length > page.limit && last ? encodeKeysetCursor("webhooks:createdAt", [last.createdAt], last.id) : null };
}

const deliveryOrder: KeysetOrder = [{ field: "createdAt", direction: "desc" }];

export function readWebhookDeliveryCursor(cursor: string) {
  return decodeKeysetCursor(cursor, "webhook-deliveries:-createdAt", 1);
}

/** An endpoint's delivery log, newest first, `limit` at a time after a cursor (the public API's list). */
export async function listWebhookDeliveryRecords(endpointId: string, options: { filter: WebhookDeliveryFilter; cursor?: string | null; limit: number }) {
  const after = options.cursor ? readWebhookDeliveryCursor(options.cursor) : null;
  const rows = await db().webhookDelivery.findMany({
    where: { AND: [{ endpointId, ...deliveryStatusWhere(options.filter) }, after ? (keysetAfter(deliveryOrder, after) as Prisma.WebhookDeliveryWhereInput) : {}] },
    orderBy: keysetOrderBy(deliveryOrder) as Prisma.WebhookDeliveryOrderByWithRelationInput[],
    take: options.limit + 1,
    select: deliverySelect,
  });
  const deliveries = rows.slice(0, options.limit);
  const last = deliveries.at(-1);
  return { deliveries, nextCursor: rows.length > options.limit && last ? encodeKeysetCursor("webhook-deliveries:-createdAt", [last.createdAt], last.id) : null };
}

/** One delivery of the endpoint's log (null when it is not this endpoint's). */
export async function findWebhookDelivery(endpointId: string, deliveryId: string): Promise<WebhookDeliveryRow | null> {
  return db().webhookDelivery.findFirst({ where: { id: deliveryId, endpointId }, select: deliverySelect });
}
