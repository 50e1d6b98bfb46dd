import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { measure, reportRatio } from "./harness.ts";

/**
 * Webhook deliveries per second to a local receiver, in the same run:
 *
 *   baseline  a bare loop: sign the body with the standardwebhooks library and POST it with
 *             fetch (keep-alive), one request after the other;
 *   subject   the real sender (app/domain/webhooks/webhook-delivery.server.ts) draining queued
 *             deliveries of one endpoint, in order, as the worker does: claim the delivery with
 *             its lease, open the endpoint's sealed secret, sign, resolve and check the address
 *             against the SSRF policy, connect to the checked address (kept-alive socket), read
 *             the answer up to its cap, record the outcome.
 *
 * Both send the same body (a ticket.created built by the catalogue from a demo ticket) to the
 * same receiver, which answers 200 at once. Also reported: queueing one event for one endpoint
 * (the durable consumer's work per event: read the ticket, build the body, write the delivery).
 */

const DELIVERIES = Number(process.env.WEBHOOK_BENCH_DELIVERIES ?? 1_000);
const WARMUP = 50;

export async function benchWebhooks() {
  const [{ db }, { createWebhookEndpoint }, { deliverDueWebhooks }, { buildWebhookBody }, { queueWebhookDeliveries }, { createSafeHttpClient }, { generateWebhookSecret }] = await Promise.all([
    import("~/lib/db.server"),
    import("~/domain/webhooks/webhook-endpoints.server"),
    import("~/domain/webhooks/webhook-delivery.server"),
    import("~/domain/webhooks/webhook-payloads.server"),
    import("~/domain/webhooks/webhook-queue.server"),
    import("~/lib/net/safe-http-client.server"),
    import("~/domain/webhooks/webhook-signing.server"),
  ]);

  let received = 0;
  const receiver = http.createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      received += 1;
      response.writeHead(200, { "content-type": "text/plain" });
      response.end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const client = createSafeHttpClient({ allowPrivateNetworks: true });

  try {
    const ticket = await db().ticket.findFirstOrThrow({ orderBy: { number: "asc" }, select: { id: true } });
    const event = { position: 0, id: "bench", name: "ticket.created" as const, payload: { ticketId: ticket.id, actorId: null }, actor: { kind: "system" as const, id: null }, occurredAt: new Date() };
    const body = (await buildWebhookBody(db(), "ticket.created", event, "https://support.bench.test"))!;

    // Baseline: a bare signed fetch loop.
    const secret = generateWebhookSecret();
    const signer = new Webhook(secret);
    let sequence = 0;
    const baseline = await measure(
      "bare signed fetch loop",
      async () => {
        const id = `msg_bare_${++sequence}`;
        const timestamp = new Date();
        const response = await fetch(url, {
          method: "POST",
          body,
          headers: {
            "content-type": "application/json",
            "webhook-id": id,
            "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
            "webhook-signature": signer.sign(id, timestamp, body),
          },
        });
        await response.text();
      },
      { iterations: DELIVERIES, warmup: WARMUP },
    );

    // Subject: the real sender draining one endpoint's queue.
    const endpoint = await createWebhookEndpoint({ form: { url, description: "Bench", events: ["ticket.created"], active: true }, actorId: null }, { client });
    const queue = async (count: number, prefix: string) => {
      const rows = Array.from({ length: count }, (_, index) => ({
        endpointId: endpoint.id,
        eventId: `${prefix}_${index}`,
        eventPosition: index + 1,
        eventType: "ticket.created",
        payload: body,
        webhookId: `msg_${prefix}_${index}`,
      }));
      for (let start = 0; start < rows.length; start += 500) await db().webhookDelivery.createMany({ data: rows.slice(start, start + 500) });
    };
    await queue(DELIVERIES + WARMUP, "one");
    const subject = await measure("webhook worker: one delivery", () => deliverDueWebhooks({ client, perEndpoint: 1 }), { iterations: DELIVERIES, warmup: WARMUP });
    reportRatio("Webhooks: one delivery to a local receiver (one after the other)", subject, baseline);

    // Throughput as the worker runs: one cycle drains the endpoint's queue, in order.
    await queue(DELIVERIES, "drain");
    const started = process.hrtime.bigint();
    const outcomes = await deliverDueWebhooks({ client, perEndpoint: DELIVERIES });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (outcomes.delivered !== DELIVERIES) throw new Error(`The sender delivered ${outcomes.delivered} of ${DELIVERIES}`);
    const workerRate = DELIVERIES / seconds;
    console.log(`  worker draining ${DELIVERIES} queued deliveries: ${workerRate.toFixed(0)}/s; bare signed fetch loop: ${baseline.perSecond.toFixed(0)}/s`);
    console.log(`  throughput ratio (bare / worker): ×${(baseline.perSecond / workerRate).toFixed(1)}`);

    // Queueing: the consumer's work for one event and one endpoint.
    let queued = 0;
    const queueing = await measure("queue one event for one endpoint", async () => {
      queued += 1;
      await queueWebhookDeliveries({ ...event, id: `bench_queue_${queued}`, position: 1_000_000 + queued }, { publicUrl: "https://support.bench.test" });
    }, { iterations: 300, warmup: 20 });
    console.log(`  ${queueing.name}: p50 ${queueing.p50.toFixed(2)} ms  p95 ${queueing.p95.toFixed(2)} ms`);

    const expected = DELIVERIES + WARMUP + DELIVERIES + DELIVERIES + WARMUP;
    if (received < expected) throw new Error(`The receiver got ${received} requests, expected ${expected}`);
    await db().webhookEndpoint.delete({ where: { id: endpoint.id } });
  } finally {
    client.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
}
