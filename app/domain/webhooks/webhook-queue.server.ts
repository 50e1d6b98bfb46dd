import type { DurableConsumer } from "~/domain/event-consumers.server";
import type { StoredEvent } from "~/domain/events.server";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { parseSubscribedEvents, typeForEndpoint, webhookSourceEvents, webhookTypesFor, type WebhookEventType } from "./webhook-events";
import { buildWebhookBody, sourceEventOf } from "./webhook-payloads.server";
import { wakeWebhookSender } from "./webhook-wake.server";

/**
 * From the durable event stream to the webhook queue: for each event of interest, one delivery
 * per active endpoint subscribed to it, written in one transaction with the body built once
 * (records read now). The consumer runs in one process at a time, in stream order
 * (server/workers/event-dispatcher.ts); its cursor moves after this returns, so a crash replays
 * the event and the unique (endpoint, event id) key keeps it queued once.
 *
 * Nothing is lost: the event was committed with the change, the cursor moves only after the
 * deliveries are committed, and the deliveries wait in the database until sent.
 */

/** Queues the event for every subscribed active endpoint; returns how many deliveries exist for it now. */
export async function queueWebhookDeliveries(event: StoredEvent, options: { publicUrl?: string } = {}): Promise<number> {
  // Cheap check first: most installs have no endpoint, and most events then cost nothing.
  if ((await db().webhookEndpoint.count({ where: { active: true } })) === 0) return 0;
  const publicUrl = options.publicUrl ?? env().PUBLIC_URL;
  const written = await db().$transaction(async (tx) => {
    // Read in the transaction that writes: an endpoint deleted meanwhile is not written to.
    const endpoints = await tx.webhookEndpoint.findMany({ where: { active: true }, select: { id: true, events: true } });
    const source = await sourceEventOf(tx, event);
    if (!source) return 0;
    const candidates = webhookTypesFor(source);
    const wanted = endpoints
      .map((endpoint) => ({ endpointId: endpoint.id, type: typeForEndpoint(candidates, parseSubscribedEvents(endpoint.events)) }))
      .filter((entry): entry is { endpointId: string; type: WebhookEventType } => entry.type !== null);
    if (wanted.length === 0) return 0;
    const bodies = new Map<WebhookEventType, string | null>();
    let count = 0;
    for (const { endpointId, type } of wanted) {
      if (!bodies.has(type)) bodies.set(type, await buildWebhookBody(tx, type, event, publicUrl));
      const payload = bodies.get(type);
      if (!payload) continue;
      await tx.webhookDelivery.upsert({
        where: { endpointId_eventId: { endpointId, eventId: event.id } },
        create: { endpointId, eventId: event.id, eventPosition: event.position, eventType: type, payload, webhookId: `msg_${event.id}` },
        update: {},
      });
      count += 1;
    }
    return count;
  });
  if (written > 0) wakeWebhookSender();
  return written;
}

/** The durable consumer registered in server/app-server.ts. */
export const webhookConsumer: DurableConsumer = {
  name: "webhooks",
  events: webhookSourceEvents,
  async handle(event) {
    await queueWebhookDeliveries(event);
  },
};
