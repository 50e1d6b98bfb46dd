import crypto from "node:crypto";
import { DomainError } from "~/domain/errors";
import { transactionWithEvents, type EventRecorder } from "~/domain/event-store.server";
import { recordAudit } from "~/domain/identity/audit.server";
import type { NotificationData } from "~/domain/notifications/notification-kinds";
import { db, type TransactionClient } from "~/lib/db.server";
import { createSafeHttpClient, SafeHttpError, type SafeHttpClient, type SafeHttpResponse } from "~/lib/net/safe-http-client.server";
import { openSecret } from "~/lib/secret-box.server";
import { pingData, PING_EVENT_TYPE, webhookBody } from "./webhook-events";
import { signedWebhookHeaders } from "./webhook-signing.server";
import { wakeWebhookSender } from "./webhook-wake.server";

/**
 * Sending webhook deliveries (docs/webhooks.md).
 *
 * - In order per endpoint: only an endpoint's oldest unfinished delivery (by event position) is
 *   attempted; the later ones wait behind it until it is delivered or has failed for good.
 * - A delivery is claimed (queued → sending, with a lease) before its call, so two senders never
 *   send it at once, and a sender that dies mid-call hands it back when the lease runs out.
 * - Any 2xx answer delivers it. Anything else — another status (a 3xx too: redirects are not
 *   followed), a refused destination, a network error, a timeout — is retried on the schedule
 *   below (about 27 hours), then the delivery has failed.
 * - After DISABLE_AFTER_FAILED_DELIVERIES deliveries in a row have failed, the endpoint is
 *   deactivated with the last error, and every administrator gets a notification. Its waiting
 *   deliveries stay queued and go out once it is reactivated.
 *
 * Delivery is at least once: after a crash between the receiver's 2xx and our write, the same
 * body goes again under the same webhook-id, which the receiver uses to drop the duplicate.
 */

/** Waits after the 1st, 2nd, … failed attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (8 attempts over ~27.6 h). */
export const WEBHOOK_RETRY_DELAYS_MS = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000, 10 * 3_600_000] as const;
export const WEBHOOK_MAX_ATTEMPTS = WEBHOOK_RETRY_DELAYS_MS.length + 1;
/** Deliveries failed in a row (each after all its attempts) before the endpoint is deactivated. */
export const DISABLE_AFTER_FAILED_DELIVERIES = 3;
/** How long a claimed delivery stays with its sender; longer than any call can last. */
export const WEBHOOK_SENDING_LEASE_MS = 60_000;
/** The answer's first bytes kept in the log. */
export const RESPONSE_BODY_KEPT_BYTES = 1024;

/** The wait before the next attempt after `failedAttempts` failures, or null when it was the last one. */
export function webhookRetryDelayMs(failedAttempts: number): number | null {
  if (failedAttempts >= WEBHOOK_MAX_ATTEMPTS) return null;
  return WEBHOOK_RETRY_DELAYS_MS[Math.max(1, failedAttempts) - 1];
}

export type AttemptResult =
  | { ok: true; status: number; durationMs: number; responseBody: string }
  | { ok: false; status: number | null; durationMs: number | null; responseBody: string; error: string };

function responseText(response: SafeHttpResponse): string {
  return response.bodyStart.subarray(0, RESPONSE_BODY_KEPT_BYTES).toString("utf8");
}

/** Interprets one call: 2xx delivers, any other answer or no answer is a failure, in words. */
function interpret(outcome: { response: SafeHttpResponse } | { error: unknown }, started: number): AttemptResult {
  if ("error" in outcome) {
    const error = outcome.error;
    const message = error instanceof SafeHttpError ? error.message : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { ok: false, status: null, durationMs: Math.round(performance.now() - started), responseBody: "", error: message.slice(0, 1000) };
  }
  const { response } = outcome;
  const body = responseText(response);
  if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status, durationMs: response.durationMs, responseBody: body };
  const redirect = response.status >= 300 && response.status < 400;
  return {
    ok: false,
    status: response.status,
    durationMs: response.durationMs,
    responseBody: body,
    error: redirect ? `HTTP ${response.status}: redirects are not followed${response.headers.location ? ` (Location: ${String(response.headers.location).slice(0, 300)})` : ""}` : `HTTP ${response.status}`,
  };
}

/**
 * One signed call to a URL through the SSRF-safe client: the building block of a delivery, and
 * what an automation's "call a webhook" action uses. `secrets` sign in order (the current one
 * first). Never throws for the call itself: the result says what happened.
 */
export async function callSignedWebhook(input: {
  url: string;
  body: string;
  webhookId: string;
  secrets: readonly string[];
  client: SafeHttpClient;
  timestamp?: Date;
}): Promise<AttemptResult> {
  const started = performance.now();
  try {
    const headers = signedWebhookHeaders({ webhookId: input.webhookId, timestamp: input.timestamp ?? new Date(), body: input.body, secrets: input.secrets });
    return interpret({ response: await input.client.post(input.url, { headers, body: input.body }) }, started);
  } catch (error) {
    return interpret({ error }, started);
  }
}

type EndpointForSending = { id: string; url: string; secretSealed: string; previousSecretSealed: string | null; previousSecretExpiresAt: Date | null };

/** The secrets that sign now: the current one, and the previous one during its grace period. */
function signingSecrets(endpoint: EndpointForSending, now: Date): string[] {
  const secrets = [openSecret(endpoint.secretSealed)];
  if (endpoint.previousSecretSealed && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now) secrets.push(openSecret(endpoint.previousSecretSealed));
  return secrets;
}

/** The endpoint's secrets, or why they cannot be read (SESSION_SECRET changed): every call then fails with that. */
function secretsOrError(endpoint: EndpointForSending, now: Date): string[] | { error: string } {
  try {
    return signingSecrets(endpoint, now);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

async function callEndpoint(url: string, secrets: string[] | { error: string }, delivery: { payload: string; webhookId: string }, client: SafeHttpClient): Promise<AttemptResult> {
  if (!Array.isArray(secrets)) return { ok: false, status: null, durationMs: null, responseBody: "", error: secrets.error };
  // The signature's timestamp is the real time of the call (receivers reject old ones), whatever clock schedules the queue.
  return callSignedWebhook({ url, body: delivery.payload, webhookId: delivery.webhookId, secrets, client });
}

// ───────────────────────────── deactivation ─────────────────────────────

/**
 * One more delivery of the endpoint failed for good: at the limit the endpoint is deactivated,
 * and every active administrator is notified (in this transaction: both happen or neither).
 */
async function countFailedDelivery(tx: TransactionClient, events: EventRecorder, endpointId: string, error: string, now: Date): Promise<void> {
  const endpoint = await tx.webhookEndpoint.update({
    where: { id: endpointId },
    data: { consecutiveFailures: { increment: 1 } },
    select: { id: true, url: true, description: true, active: true, consecutiveFailures: true },
  });
  if (!endpoint.active || endpoint.consecutiveFailures < DISABLE_AFTER_FAILED_DELIVERIES) return;
  const reason = `${endpoint.consecutiveFailures} deliveries failed in a row; last error: ${error}`.slice(0, 1000);
  await tx.webhookEndpoint.update({ where: { id: endpointId }, data: { active: false, disabledAt: now, disabledReason: reason, version: { increment: 1 } } });
  await recordAudit(tx, { actorId: null, action: "webhook.disabled", entityType: "webhook_endpoint", entityId: endpointId, details: { reason } });
  const admins = await tx.user.findMany({ where: { role: "admin", active: true }, select: { id: true } });
  const data: NotificationData = { subject: endpoint.description || endpoint.url, webhookEndpointId: endpoint.id, reason: error.slice(0, 300) };
  for (const admin of admins) {
    const notification = await tx.notification.create({ data: { userId: admin.id, kind: "webhook_disabled", data: JSON.stringify(data) }, select: { id: true } });
    events.record("notification.created", { notificationId: notification.id, userId: admin.id });
  }
}

// ───────────────────────────── the queue ─────────────────────────────

export type DeliveryOutcome = "delivered" | "retrying" | "failed" | "skipped";

export type SenderContext = {
  client: SafeHttpClient;
  /** The time of each attempt (tests drive it). */
  clock?: () => Date;
  leaseMs?: number;
};

const endpointSendingSelect = { id: true, url: true, active: true, consecutiveFailures: true, secretSealed: true, previousSecretSealed: true, previousSecretExpiresAt: true } as const;
type EndpointSending = EndpointForSending & { active: boolean; consecutiveFailures: number };

type Head = { id: string; status: string; nextAttemptAt: Date; payload: string; webhookId: string; attempts: number };

/**
 * Claims and sends the endpoint's head delivery if it is due, its endpoint active and nobody holds
 * it; records the outcome. Three statements on the way of a success: the claim, the call, the record.
 */
async function attempt(head: Head, endpoint: EndpointSending, secrets: string[] | { error: string }, context: SenderContext): Promise<DeliveryOutcome> {
  const now = context.clock?.() ?? new Date();
  const claimed = await db().webhookDelivery.updateMany({
    where: { id: head.id, status: "queued", nextAttemptAt: { lte: now }, endpoint: { is: { active: true } } },
    data: { status: "sending", leaseUntil: new Date(now.getTime() + (context.leaseMs ?? WEBHOOK_SENDING_LEASE_MS)), attempts: { increment: 1 }, lastAttemptAt: now },
  });
  if (claimed.count === 0) return "skipped";
  const attempts = head.attempts + 1;
  const result = await callEndpoint(endpoint.url, secrets, head, context.client);

  if (result.ok) {
    const { count } = await db().webhookDelivery.updateMany({
      where: { id: head.id, status: "sending" },
      data: { status: "delivered", deliveredAt: new Date(), leaseUntil: null, responseStatus: result.status, durationMs: result.durationMs, responseBody: result.responseBody, lastError: "" },
    });
    if (count === 1 && endpoint.consecutiveFailures > 0) {
      await db().webhookEndpoint.update({ where: { id: endpoint.id }, data: { consecutiveFailures: 0 } });
      endpoint.consecutiveFailures = 0;
    }
    return "delivered";
  }

  const delay = webhookRetryDelayMs(attempts);
  await transactionWithEvents(async (tx, events) => {
    const { count } = await tx.webhookDelivery.updateMany({
      where: { id: head.id, status: "sending" },
      data: {
        status: delay === null ? "failed" : "queued",
        nextAttemptAt: delay === null ? now : new Date(now.getTime() + delay),
        leaseUntil: null,
        responseStatus: result.status,
        durationMs: result.durationMs,
        responseBody: result.responseBody,
        lastError: result.error,
      },
    });
    if (count === 1 && delay === null) await countFailedDelivery(tx, events, endpoint.id, result.error, now);
  });
  return delay === null ? "failed" : "retrying";
}

/** Deliveries left "sending" by a sender that died are handed back once their lease is over (a test event is not retried). */
export async function releaseStaleWebhookDeliveries(now = new Date()): Promise<number> {
  const [queued, failed] = await db().$transaction([
    db().webhookDelivery.updateMany({ where: { status: "sending", leaseUntil: { lt: now }, eventType: { not: PING_EVENT_TYPE } }, data: { status: "queued", leaseUntil: null } }),
    db().webhookDelivery.updateMany({
      where: { status: "sending", leaseUntil: { lt: now }, eventType: PING_EVENT_TYPE },
      data: { status: "failed", leaseUntil: null, lastError: "Interrupted: the sender stopped during the call" },
    }),
  ]);
  return queued.count + failed.count;
}

/** An endpoint's oldest unfinished delivery: the only one that may go now. */
async function headOf(endpointId: string): Promise<Head | null> {
  return db().webhookDelivery.findFirst({
    where: { endpointId, status: { in: ["queued", "sending"] }, eventType: { not: PING_EVENT_TYPE } },
    orderBy: [{ eventPosition: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: { id: true, status: true, nextAttemptAt: true, payload: true, webhookId: true, attempts: true },
  });
}

/**
 * Sends an endpoint's due deliveries one after the other, in order, until one is not delivered.
 * The endpoint and its secrets are read once per round.
 */
async function drainEndpoint(endpointId: string, context: SenderContext, limit: number, outcomes: Record<DeliveryOutcome, number>) {
  const endpoint = await db().webhookEndpoint.findUnique({ where: { id: endpointId }, select: endpointSendingSelect });
  if (!endpoint?.active) return;
  const secrets = secretsOrError(endpoint, context.clock?.() ?? new Date());
  for (let sent = 0; sent < limit; sent++) {
    const head = await headOf(endpointId);
    const now = context.clock?.() ?? new Date();
    if (!head || head.status !== "queued" || head.nextAttemptAt > now) return;
    const outcome = await attempt(head, endpoint, secrets, context);
    outcomes[outcome] += 1;
    if (outcome !== "delivered") return;
  }
}

/**
 * One round of the sender: hands back stale claims, then drains every active endpoint (several
 * endpoints at once, each in order). Returns what happened.
 */
export async function deliverDueWebhooks(context: SenderContext & { concurrency?: number; perEndpoint?: number }): Promise<Record<DeliveryOutcome, number>> {
  await releaseStaleWebhookDeliveries(context.clock?.() ?? new Date());
  const endpoints = await db().webhookEndpoint.findMany({ where: { active: true }, select: { id: true }, orderBy: { createdAt: "asc" } });
  const outcomes: Record<DeliveryOutcome, number> = { delivered: 0, retrying: 0, failed: 0, skipped: 0 };
  const queue = [...endpoints];
  const workers = Array.from({ length: Math.min(context.concurrency ?? 4, queue.length) }, async () => {
    for (let endpoint = queue.shift(); endpoint; endpoint = queue.shift()) await drainEndpoint(endpoint.id, context, context.perEndpoint ?? 200, outcomes);
  });
  await Promise.all(workers);
  return outcomes;
}

/** Delivered and failed deliveries stay in the log this long (waiting ones stay until sent). */
export const WEBHOOK_LOG_RETENTION_DAYS = 30;

/** Deletes finished deliveries older than the retention; returns how many. */
export async function pruneWebhookDeliveries(now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - WEBHOOK_LOG_RETENTION_DAYS * 86_400_000);
  const { count } = await db().webhookDelivery.deleteMany({ where: { status: { in: ["delivered", "failed"] }, createdAt: { lt: before } } });
  return count;
}

// ───────────────────────────── administration ─────────────────────────────

/**
 * Sends the delivery again: same webhook-id, same body, a new series of attempts. It takes its
 * place in the endpoint's order (an old event goes before the ones still waiting).
 */
export async function replayWebhookDelivery(input: { endpointId: string; deliveryId: string; actorId: string | null }): Promise<void> {
  await db().$transaction(async (tx) => {
    const { count } = await tx.webhookDelivery.updateMany({
      where: { id: input.deliveryId, endpointId: input.endpointId, status: { in: ["delivered", "failed"] }, eventType: { not: PING_EVENT_TYPE } },
      data: { status: "queued", attempts: 0, nextAttemptAt: new Date(), leaseUntil: null, deliveredAt: null, lastError: "" },
    });
    if (count === 0) {
      // Still waiting or being sent, or a test event (never queued): there is nothing to send again.
      const exists = await tx.webhookDelivery.findFirst({ where: { id: input.deliveryId, endpointId: input.endpointId }, select: { id: true } });
      throw new DomainError(exists ? "webhooks.log.notReplayable" : "errors.notFound");
    }
    await recordAudit(tx, { actorId: input.actorId, action: "webhook.delivery_replayed", entityType: "webhook_endpoint", entityId: input.endpointId, details: { deliveryId: input.deliveryId } });
  });
  wakeWebhookSender();
}

/**
 * A test event, sent now (whatever waits in the queue, even to an inactive endpoint) and kept in
 * the log; it is not retried and does not count towards deactivation.
 */
export async function sendWebhookPing(input: { endpointId: string; client?: SafeHttpClient; now?: Date }): Promise<AttemptResult & { deliveryId: string }> {
  const now = input.now ?? new Date();
  const endpoint = await db().webhookEndpoint.findUnique({
    where: { id: input.endpointId },
    select: { id: true, url: true, secretSealed: true, previousSecretSealed: true, previousSecretExpiresAt: true },
  });
  if (!endpoint) throw new DomainError("errors.notFound");
  const eventId = `ping_${crypto.randomBytes(12).toString("hex")}`;
  const payload = webhookBody(PING_EVENT_TYPE, now, { kind: "system", id: null }, pingData(endpoint));
  const delivery = await db().webhookDelivery.create({
    data: {
      endpointId: endpoint.id,
      eventId,
      eventType: PING_EVENT_TYPE,
      payload,
      webhookId: `msg_${eventId}`,
      status: "sending",
      attempts: 1,
      lastAttemptAt: now,
      leaseUntil: new Date(now.getTime() + WEBHOOK_SENDING_LEASE_MS),
    },
    select: { id: true, payload: true, webhookId: true },
  });
  const client = input.client ?? createSafeHttpClient();
  try {
    const result = await callEndpoint(endpoint.url, secretsOrError(endpoint, now), delivery, client);
    await db().webhookDelivery.update({
      where: { id: delivery.id },
      data: {
        status: result.ok ? "delivered" : "failed",
        deliveredAt: result.ok ? new Date() : null,
        leaseUntil: null,
        responseStatus: result.status,
        durationMs: result.durationMs,
        responseBody: result.responseBody,
        lastError: result.ok ? "" : result.error,
      },
    });
    return { ...result, deliveryId: delivery.id };
  } finally {
    if (!input.client) client.close();
  }
}

type WebhookCall = {
  endpointId: string;
  eventId: string;
  eventPosition: number | null;
  type: string;
  occurredAt: Date;
  actor: { kind: "user" | "api" | "automation" | "system"; id: string | null };
  data: unknown;
};

/**
 * Queues a call on a registered endpoint for something other than the catalogue's events (an
 * automation's "call a webhook" action), in the caller's transaction: written with the change that
 * caused it, gone with it if that change rolls back. Delivered like any event — signed, in order,
 * retried, logged. `eventId` makes it idempotent (one delivery per endpoint and id); `eventPosition`
 * (the position of the event that caused it) places it in the endpoint's order (null: before the
 * deliveries waiting now). Returns "gone" or "inactive" when the endpoint does not exist or is
 * switched off (nothing queued). The caller wakes the sender after its commit (wakeWebhookSender).
 */
export async function queueWebhookCallInTransaction(tx: TransactionClient, input: WebhookCall): Promise<"queued" | "gone" | "inactive"> {
  // "ping" deliveries are test events: sent at once, never queued in order.
  if (input.type === PING_EVENT_TYPE) throw new Error(`"${PING_EVENT_TYPE}" is reserved for test events`);
  const endpoint = await tx.webhookEndpoint.findUnique({ where: { id: input.endpointId }, select: { active: true } });
  if (!endpoint) return "gone";
  if (!endpoint.active) return "inactive";
  const payload = JSON.stringify({ type: input.type, timestamp: input.occurredAt.toISOString(), actor: input.actor, data: input.data });
  await tx.webhookDelivery.upsert({
    where: { endpointId_eventId: { endpointId: input.endpointId, eventId: input.eventId } },
    create: { endpointId: input.endpointId, eventId: input.eventId, eventPosition: input.eventPosition, eventType: input.type, payload, webhookId: `msg_${input.eventId}` },
    update: {},
  });
  return "queued";
}

/** queueWebhookCallInTransaction in a transaction of its own; true when queued (or already queued). */
export async function queueWebhookCall(input: WebhookCall): Promise<boolean> {
  const outcome = await db().$transaction((tx) => queueWebhookCallInTransaction(tx, input));
  if (outcome !== "queued") return false;
  wakeWebhookSender();
  return true;
}
