import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCompany, updateCompany } from "~/domain/customers/company-records.server";
import { createContact, updateContact } from "~/domain/customers/contact-records.server";
import { companyFormSchema, contactFormSchema } from "~/domain/customers/customer-schemas";
import { addAgentMessage, createTicket } from "~/domain/helpdesk/tickets.server";
import { notificationHref } from "~/domain/notifications/notification-kinds";
import { liveNotification } from "~/domain/notifications/notifications.server";
import { moveDeal } from "~/domain/sales/deal-commands.server";
import { acceptQuote, createQuote, sendQuote } from "~/domain/sales/quote-commands.server";
import {
  DISABLE_AFTER_FAILED_DELIVERIES,
  deliverDueWebhooks,
  pruneWebhookDeliveries,
  queueWebhookCall,
  replayWebhookDelivery,
  sendWebhookPing,
  WEBHOOK_MAX_ATTEMPTS,
  WEBHOOK_RETRY_DELAYS_MS,
} from "~/domain/webhooks/webhook-delivery.server";
import { reactivateWebhookEndpoint, rotateWebhookSecret, updateWebhookEndpoint } from "~/domain/webhooks/webhook-endpoints.server";
import { queueWebhookDeliveries, webhookConsumer } from "~/domain/webhooks/webhook-queue.server";
import { db } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import type { SafeHttpClient } from "~/lib/net/safe-http-client.server";
import { startTestDispatcher, watchEvents } from "../support/events.ts";
import { aUser } from "../support/factories.ts";
import { aRequester } from "../support/helpdesk-factories.ts";
import { aDeal, viewerOf } from "../support/sales-deals-factories.ts";
import { aCustomerWithDeal, aLine, aSellerIdentity, quoteInput } from "../support/sales-documents-factories.ts";
import { anEndpoint, loopbackClient, startWebhookReceiver, type WebhookReceiver } from "../support/webhooks-factories.ts";
import { startWebhookSender } from "../../server/workers/webhook-sender.ts";
import type { EventDispatcher } from "../../server/workers/event-dispatcher.ts";

let dispatcher: EventDispatcher;
let receiver: WebhookReceiver;
let client: SafeHttpClient;
let admin: Awaited<ReturnType<typeof aUser>>;
let secondAdmin: Awaited<ReturnType<typeof aUser>>;
let technician: Awaited<ReturnType<typeof aUser>>;

beforeAll(async () => {
  dispatcher = await startTestDispatcher([webhookConsumer]);
  receiver = await startWebhookReceiver();
  client = loopbackClient();
  admin = await aUser({ role: "admin", name: "Claire Admin" });
  secondAdmin = await aUser({ role: "admin", name: "Hugo Admin" });
  technician = await aUser({ name: "Julien Technicien" });
});

afterAll(async () => {
  await dispatcher?.stop();
  client?.close();
  await receiver?.close();
});

beforeEach(async () => {
  receiver.respond(() => ({ status: 200, body: "ok" }));
  // Each test works with its own endpoints.
  await db().webhookEndpoint.deleteMany();
});

function form<T extends Parameters<typeof parseForm>[1]>(schema: T, fields: Record<string, string | string[]>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) data.append(name, item);
  const parsed = parseForm(data, schema);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fieldErrors));
  return parsed.data;
}

async function newTicket(subject = "Imprimante en panne") {
  const requester = await aRequester({ name: "Camille Durand" });
  return createTicket({
    requesterId: requester.contactId,
    subject,
    channel: "email",
    openedBy: { contactId: requester.contactId },
    firstMessage: { bodyText: "L'imprimante affiche E05." },
  });
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string | (() => string), timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${typeof what === "function" ? what() : what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Queues what the commands recorded, then sends everything due until nothing moves. */
async function deliverAll(clock?: () => Date) {
  await dispatcher.drain();
  for (let round = 0; round < 20; round++) {
    const outcomes = await deliverDueWebhooks({ client, clock });
    if (outcomes.delivered + outcomes.retrying + outcomes.failed === 0) return;
  }
}

describe("events from domain commands reach receivers signed, in order", () => {
  it("delivers each event once per subscribed endpoint, with the type it subscribed to, through the running sender", async () => {
    const everything = await anEndpoint(receiver, "/all", [
      "ticket.created",
      "ticket.updated",
      "ticket.solved",
      "message.created",
      "contact.created",
      "contact.updated",
      "company.created",
      "company.updated",
      "deal.stage_changed",
      "deal.won",
    ]);
    const updatesOnly = await anEndpoint(receiver, "/updates", ["ticket.updated", "message.created", "deal.stage_changed"]);
    const outcomesOnly = await anEndpoint(receiver, "/outcomes", ["ticket.solved", "deal.won"]);
    const sender = startWebhookSender({ client, intervalMs: 100 });
    const events = await watchEvents();
    try {
      const ticket = await newTicket();
      await addAgentMessage({ ticketId: ticket.ticketId, agentId: technician.id, visibility: "internal", bodyText: "Vérifier le toner." });
      await addAgentMessage({ ticketId: ticket.ticketId, agentId: technician.id, visibility: "public", bodyText: "Toner remplacé.", statusAfter: "solved" });
      const company = await createCompany(form(companyFormSchema, { name: "Atelier Durand", sector: "industry", domains: ["atelier-durand.test"] }), admin.id);
      const companyRow = await db().company.findUniqueOrThrow({ where: { id: company.id }, select: { updatedAt: true } });
      await updateCompany(company.id, form(companyFormSchema, { name: "Atelier Durand & Fils", sector: "industry", domains: ["atelier-durand.test"], version: companyRow.updatedAt.toISOString() }), admin.id);
      const contact = await createContact(form(contactFormSchema, { firstName: "Paul", lastName: "Durand", emails: ["paul@atelier-durand.test"], primaryEmail: "0", language: "fr", portalAccess: "on", companyId: company.id }), admin.id);
      const contactRow = await db().contact.findUniqueOrThrow({ where: { id: contact.id }, select: { updatedAt: true } });
      await updateContact(contact.id, form(contactFormSchema, { firstName: "Paul", lastName: "Durand", jobTitle: "Gérant", emails: ["paul@atelier-durand.test"], primaryEmail: "0", language: "fr", portalAccess: "on", companyId: company.id, version: contactRow.updatedAt.toISOString() }), admin.id);
      const deal = await aDeal({ companyId: company.id, ownerId: admin.id, title: "Maintenance annuelle", amountCents: 480_000 });
      const proposal = await moveDeal(viewerOf({ id: admin.id, role: "admin", restrictToGroups: false }), { dealId: deal.id, toStageId: "stage_proposal", expectedVersion: deal.version });
      expect(proposal.moved).toBe(true);
      const dealVersion = (await db().deal.findUniqueOrThrow({ where: { id: deal.id }, select: { version: true } })).version;
      await moveDeal(viewerOf({ id: admin.id, role: "admin", restrictToGroups: false }), { dealId: deal.id, toStageId: "stage_won", expectedVersion: dealVersion });

      await dispatcher.drain();
      const expectedCounts = { "/all": 11, "/updates": 6, "/outcomes": 2 };
      await waitFor(() => Object.entries(expectedCounts).every(([path, count]) => receiver.on(path).length === count), () => `every delivery: ${JSON.stringify(Object.keys(expectedCounts).map((path) => receiver.on(path).map((request) => request.verified?.type ?? request.verifyError)))}`);
    } finally {
      await sender.stop();
    }

    // Every request verified with the standardwebhooks library, with our headers.
    for (const request of receiver.received) {
      expect(request.verifyError, request.path).toBeNull();
      expect(request.headers["content-type"]).toBe("application/json");
      expect(request.headers["user-agent"]).toMatch(/^Comptoir-Webhooks\//);
    }

    const recorded = await events.read();
    const idOf = (name: string, index = 0) => recorded.filter((event) => event.name === name)[index].id;
    const types = (path: string) => receiver.on(path).map((request) => request.verified!.type);
    expect(types("/all")).toEqual([
      "ticket.created",
      "message.created",
      "message.created",
      "message.created",
      "ticket.solved",
      "company.created",
      "company.updated",
      "contact.created",
      "contact.updated",
      "deal.stage_changed",
      "deal.won",
    ]);
    // Not subscribed to ticket.solved nor deal.won: the solve and the win come as the general types.
    expect(types("/updates")).toEqual(["message.created", "message.created", "message.created", "ticket.updated", "deal.stage_changed", "deal.stage_changed"]);
    expect(types("/outcomes")).toEqual(["ticket.solved", "deal.won"]);

    // In stream order per endpoint; the webhook-id names the event, the same at every endpoint.
    const positions = new Map(recorded.map((event) => [`msg_${event.id}`, event.position]));
    for (const path of ["/all", "/updates", "/outcomes"]) {
      const order = receiver.on(path).map((request) => positions.get(request.webhookId)!);
      expect(order.every((position) => position !== undefined)).toBe(true);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
    const solveId = receiver.on("/outcomes")[0].webhookId;
    expect(receiver.on("/all").find((request) => request.verified!.type === "ticket.solved")!.webhookId).toBe(solveId);
    expect(receiver.on("/updates").find((request) => request.verified!.type === "ticket.updated")!.webhookId).toBe(solveId);
    expect(receiver.on("/all")[0].webhookId).toBe(`msg_${idOf("ticket.created")}`);

    // What the bodies say.
    const all = receiver.on("/all").map((request) => request.verified!);
    expect(all[0]).toMatchObject({ type: "ticket.created", actor: { kind: "system", id: null }, data: { subject: "Imprimante en panne", status: "new", requester: { name: "Camille Durand" } } });
    expect(all.slice(1, 4).map((body) => [body.data.kind, body.data.visibility])).toEqual([
      ["customer_message", "public"],
      ["internal_note", "internal"],
      ["public_reply", "public"],
    ]);
    expect(all[1]).toMatchObject({ data: { author: { kind: "customer", name: "Camille Durand" }, direction: "in" } });
    expect(all[2]).toMatchObject({ actor: { kind: "user", id: technician.id }, data: { bodyText: "Vérifier le toner.", author: { kind: "agent", id: technician.id, name: "Julien Technicien" } } });
    expect(all[4]).toMatchObject({ type: "ticket.solved", data: { status: "solved", changes: expect.arrayContaining(["status"]) } });
    expect(all[6]).toMatchObject({ type: "company.updated", data: { name: "Atelier Durand & Fils", domains: ["atelier-durand.test"] } });
    expect(all[8]).toMatchObject({ type: "contact.updated", data: { jobTitle: "Gérant", emails: [{ address: "paul@atelier-durand.test", primary: true, bounced: false }], company: { name: "Atelier Durand & Fils" } } });
    expect(all[9]).toMatchObject({ type: "deal.stage_changed", data: { stage: { id: "stage_proposal", kind: "open" }, previousStage: { id: "stage_qualification" } } });
    expect(all[10]).toMatchObject({ type: "deal.won", data: { title: "Maintenance annuelle", amountCents: 480_000, stage: { id: "stage_won", kind: "won" } } });

    // One delivery row per endpoint and event, all delivered with the answer kept.
    const rows = await db().webhookDelivery.findMany({ where: { endpointId: { in: [everything.id, updatesOnly.id, outcomesOnly.id] } }, select: { status: true, responseStatus: true, responseBody: true, attempts: true } });
    expect(rows).toHaveLength(19);
    expect(rows.every((row) => row.status === "delivered" && row.responseStatus === 200 && row.responseBody === "ok" && row.attempts === 1)).toBe(true);
  });

  it("sends an order placed from an accepted quote, then its deal's win and the company becoming a client", async () => {
    await anEndpoint(receiver, "/orders", ["order.created", "deal.won", "company.updated"]);
    await aSellerIdentity();
    const { company, contact, deal } = await aCustomerWithDeal(admin.id, { companyName: "Boulangerie Lemoine" });
    const seller = { id: admin.id, role: "admin", restrictToGroups: false };
    const { quoteId } = await createQuote(seller, quoteInput({ companyId: company.id, dealId: deal.id, contactId: contact.id, lines: [aLine({ description: "Four mixte", unitPrice: 240_000, quantity: 1000 })] }));
    await sendQuote(seller, { quoteId, version: (await db().quote.findUniqueOrThrow({ where: { id: quoteId } })).version });
    const accepted = await acceptQuote(seller, { quoteId, version: (await db().quote.findUniqueOrThrow({ where: { id: quoteId } })).version });
    await deliverAll();
    const bodies = receiver.on("/orders").map((request) => request.verified!);
    expect(receiver.on("/orders").every((request) => request.verifyError === null)).toBe(true);
    expect(bodies.map((body) => body.type)).toEqual(["order.created", "deal.won", "company.updated"]);
    expect(bodies[0]).toMatchObject({
      actor: { kind: "user", id: admin.id },
      data: { id: accepted.orderId, number: accepted.orderNumber, totalExclCents: 240_000, totalInclCents: 288_000, company: { id: company.id, name: "Boulangerie Lemoine" }, deal: { id: deal.id }, quote: { id: quoteId } },
    });
    expect(bodies[2]).toMatchObject({ data: { id: company.id, lifecycleStage: "client" } });
  });

  it("queues an event handled twice (a crash before the cursor moved) once per endpoint", async () => {
    const endpoint = await anEndpoint(receiver, "/twice", ["ticket.created"]);
    const events = await watchEvents();
    await newTicket();
    await dispatcher.drain();
    const [created] = await events.read("ticket.created");
    expect(await queueWebhookDeliveries(created)).toBe(1);
    expect(await queueWebhookDeliveries(created)).toBe(1);
    const rows = await db().webhookDelivery.findMany({ where: { endpointId: endpoint.id }, select: { eventId: true, webhookId: true } });
    expect(rows).toEqual([{ eventId: created.id, webhookId: `msg_${created.id}` }]);
  });

  it("reads a solve from the ticket's history, even when it was reopened before the event was queued", async () => {
    const endpoint = await anEndpoint(receiver, "/late", ["ticket.solved", "ticket.updated"]);
    const events = await watchEvents();
    const ticket = await newTicket();
    await addAgentMessage({ ticketId: ticket.ticketId, agentId: technician.id, visibility: "public", bodyText: "Résolu.", statusAfter: "solved" });
    await addAgentMessage({ ticketId: ticket.ticketId, agentId: technician.id, visibility: "public", bodyText: "Finalement, on rouvre.", statusAfter: "open" });
    const updates = await events.read("ticket.updated");
    await db().webhookDelivery.deleteMany({ where: { endpointId: endpoint.id } });
    for (const event of updates) await queueWebhookDeliveries(event);
    const rows = await db().webhookDelivery.findMany({ where: { endpointId: endpoint.id }, orderBy: { eventPosition: "asc" }, select: { eventType: true } });
    expect(rows.map((row) => row.eventType)).toEqual(["ticket.solved", "ticket.updated"]);
  });
});

describe("retries, order, deactivation and replay", () => {
  it("retries on the schedule, holds later deliveries back, deactivates after repeated failures and tells every admin", async () => {
    const endpoint = await anEndpoint(receiver, "/down", ["ticket.created"], { description: "ERP" });
    receiver.respond((request) => (request.path === "/down" ? { status: 503, body: "maintenance" } : { status: 200 }));
    const notifications = await watchEvents();
    for (let index = 0; index < DISABLE_AFTER_FAILED_DELIVERIES + 1; index++) await newTicket(`Demande ${index}`);
    await dispatcher.drain();
    const queued = await db().webhookDelivery.findMany({ where: { endpointId: endpoint.id }, orderBy: { eventPosition: "asc" }, select: { id: true, webhookId: true } });
    expect(queued).toHaveLength(DISABLE_AFTER_FAILED_DELIVERIES + 1);

    let now = new Date(Date.now());
    const clock = () => now;
    const attemptTimes: Date[] = [];
    // The first delivery: every attempt of the schedule, nothing else goes meanwhile.
    for (let attempt = 1; attempt <= WEBHOOK_MAX_ATTEMPTS; attempt++) {
      await deliverDueWebhooks({ client, clock });
      attemptTimes.push(now);
      const head = await db().webhookDelivery.findUniqueOrThrow({ where: { id: queued[0].id } });
      expect(head.attempts).toBe(attempt);
      expect(head.responseStatus).toBe(503);
      expect(head.responseBody).toBe("maintenance");
      expect(head.lastError).toBe("HTTP 503");
      expect(await db().webhookDelivery.count({ where: { endpointId: endpoint.id, attempts: { gt: 0 }, id: { not: queued[0].id } } })).toBe(0);
      if (attempt < WEBHOOK_MAX_ATTEMPTS) {
        expect(head.status).toBe("queued");
        expect(head.nextAttemptAt.getTime() - now.getTime()).toBe(WEBHOOK_RETRY_DELAYS_MS[attempt - 1]);
        // Not due a moment before its time.
        now = new Date(head.nextAttemptAt.getTime() - 1);
        expect((await deliverDueWebhooks({ client, clock })).retrying).toBe(0);
        now = head.nextAttemptAt;
      } else {
        expect(head.status).toBe("failed");
      }
    }
    const firstRequests = receiver.on("/down").filter((request) => request.webhookId === queued[0].webhookId);
    expect(firstRequests).toHaveLength(WEBHOOK_MAX_ATTEMPTS);
    expect(firstRequests.every((request) => request.verifyError === null && request.body === firstRequests[0].body)).toBe(true);
    expect((await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).consecutiveFailures).toBe(1);

    // The next ones fail the same way, one after the other, until the endpoint is deactivated.
    for (let failed = 2; failed <= DISABLE_AFTER_FAILED_DELIVERIES; failed++) {
      for (let attempt = 1; attempt <= WEBHOOK_MAX_ATTEMPTS; attempt++) {
        await deliverDueWebhooks({ client, clock });
        const head = await db().webhookDelivery.findUniqueOrThrow({ where: { id: queued[failed - 1].id } });
        expect(head.attempts).toBe(attempt);
        now = head.status === "queued" ? head.nextAttemptAt : now;
      }
    }
    const disabled = await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(disabled.active).toBe(false);
    expect(disabled.disabledAt).not.toBeNull();
    expect(disabled.disabledReason).toContain("HTTP 503");
    // The last delivery waits, untouched, and nothing goes while the endpoint is off.
    now = new Date(now.getTime() + 86_400_000);
    await deliverDueWebhooks({ client, clock });
    const waiting = await db().webhookDelivery.findUniqueOrThrow({ where: { id: queued[DISABLE_AFTER_FAILED_DELIVERIES].id } });
    expect(waiting).toMatchObject({ status: "queued", attempts: 0 });

    // Every admin has a notification in the bell (not the technician), pushed like the others.
    const written = await db().notification.findMany({ where: { kind: "webhook_disabled" }, select: { id: true, userId: true } });
    expect(written.map((row) => row.userId).sort()).toEqual([admin.id, secondAdmin.id].sort());
    const pushed = (await notifications.read("notification.created")).map((event) => event.payload.notificationId);
    expect(pushed.sort()).toEqual(written.map((row) => row.id).sort());
    const live = await liveNotification(written[0].id);
    expect(live?.notification).toMatchObject({ kind: "webhook_disabled", subject: "ERP", webhookEndpointId: endpoint.id, ticketNumber: null });
    expect(notificationHref(live!.notification)).toBe(`/admin/webhooks/${endpoint.id}`);
    const audit = await db().auditLog.findFirst({ where: { action: "webhook.disabled", entityId: endpoint.id } });
    expect(audit).not.toBeNull();

    // The receiver is back: reactivation sends the waiting delivery at once.
    receiver.respond(() => ({ status: 204 }));
    await reactivateWebhookEndpoint({ endpointId: endpoint.id, actorId: admin.id });
    await deliverDueWebhooks({ client });
    expect(await db().webhookDelivery.findUniqueOrThrow({ where: { id: queued[DISABLE_AFTER_FAILED_DELIVERIES].id } })).toMatchObject({ status: "delivered", responseStatus: 204 });
    expect(await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).toMatchObject({ active: true, consecutiveFailures: 0, disabledAt: null, disabledReason: "" });

    // Replay of a failed delivery: a new attempt with the same webhook-id and the same body.
    const before = receiver.on("/down").length;
    await replayWebhookDelivery({ endpointId: endpoint.id, deliveryId: queued[0].id, actorId: admin.id });
    await deliverDueWebhooks({ client });
    const replayed = receiver.on("/down").slice(before);
    expect(replayed).toHaveLength(1);
    expect(replayed[0].webhookId).toBe(queued[0].webhookId);
    expect(replayed[0].body).toBe(firstRequests[0].body);
    expect(replayed[0].verifyError).toBeNull();
    expect(await db().webhookDelivery.findUniqueOrThrow({ where: { id: queued[0].id } })).toMatchObject({ status: "delivered", attempts: 1 });
    expect(await db().auditLog.count({ where: { action: { in: ["webhook.reactivated", "webhook.delivery_replayed"] }, entityId: endpoint.id } })).toBe(2);
    await expect(replayWebhookDelivery({ endpointId: "another", deliveryId: queued[0].id, actorId: admin.id })).rejects.toThrow("errors.notFound");
  });

  it("a 3xx is a failure with its status: the redirect is not followed", async () => {
    const target = await startCountingServer();
    try {
      const endpoint = await anEndpoint(receiver, "/moved", ["ticket.created"]);
      receiver.respond(() => ({ status: 302, headers: { location: `http://127.0.0.1:${target.port}/elsewhere` } }));
      await newTicket();
      await deliverAll();
      const delivery = await db().webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } });
      expect(delivery).toMatchObject({ status: "queued", attempts: 1, responseStatus: 302 });
      expect(delivery.lastError).toContain("redirects are not followed");
      expect(target.hits()).toBe(0);
    } finally {
      await target.close();
    }
  });

  it("an inactive endpoint gets no new deliveries; its queued ones wait for reactivation", async () => {
    const endpoint = await anEndpoint(receiver, "/paused", ["ticket.created"]);
    await newTicket("Avant la pause");
    await dispatcher.drain();
    const loaded = await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    await updateWebhookEndpoint({ endpointId: endpoint.id, form: { url: loaded.url, description: "", events: ["ticket.created"], active: false, version: loaded.version }, actorId: admin.id }, { client });
    await newTicket("Pendant la pause");
    await deliverAll();
    expect(receiver.on("/paused")).toHaveLength(0);
    expect(await db().webhookDelivery.count({ where: { endpointId: endpoint.id, status: "queued" } })).toBe(1);
    await reactivateWebhookEndpoint({ endpointId: endpoint.id, actorId: admin.id });
    await deliverAll();
    expect(receiver.on("/paused").map((request) => request.verified!.data.subject)).toEqual(["Avant la pause"]);
  });
});

describe("secrets, test events and calls for automations", () => {
  it("signs with both secrets while a rotation's grace lasts, then with the new one only", async () => {
    const endpoint = await anEndpoint(receiver, "/rotated", ["ticket.created"]);
    const oldSecret = await import("~/lib/secret-box.server").then(async ({ openSecret }) => openSecret((await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).secretSealed));
    expect(oldSecret).toBe(endpoint.secret);
    const newSecret = await rotateWebhookSecret({ endpointId: endpoint.id, actorId: admin.id });
    receiver.expect("/rotated", newSecret);
    await newTicket("Pendant la transition");
    await deliverAll();
    const during = receiver.on("/rotated").at(-1)!;
    expect(during.verifyError).toBeNull();
    expect(during.signature.split(" ")).toHaveLength(2);
    expect(() => new Webhook(oldSecret).verify(during.body, during.headers as Record<string, string>)).not.toThrow();

    // Once the grace period is over, the old secret no longer signs.
    await rotateWebhookSecret({ endpointId: endpoint.id, actorId: admin.id, now: new Date(Date.now() - 2 * 86_400_000) }).then((secret) => receiver.expect("/rotated", secret));
    await newTicket("Après la transition");
    await deliverAll();
    const after = receiver.on("/rotated").at(-1)!;
    expect(after.verifyError).toBeNull();
    expect(after.signature.split(" ")).toHaveLength(1);
    expect(await db().auditLog.count({ where: { action: "webhook.secret_rotated", entityId: endpoint.id } })).toBe(2);
  });

  it("sends a test event at once, even behind a failing queue; it is logged, not retried, not counted", async () => {
    const endpoint = await anEndpoint(receiver, "/ping", ["ticket.created"]);
    const ok = await sendWebhookPing({ endpointId: endpoint.id, client });
    expect(ok).toMatchObject({ ok: true, status: 200 });
    expect(receiver.on("/ping")[0].verified).toMatchObject({ type: "ping", data: { endpointId: endpoint.id, message: "Test event from Comptoir" } });

    receiver.respond(() => ({ status: 500, body: "boom" }));
    const failed = await sendWebhookPing({ endpointId: endpoint.id, client });
    expect(failed).toMatchObject({ ok: false, status: 500, error: "HTTP 500", responseBody: "boom" });
    await deliverAll();
    const pings = await db().webhookDelivery.findMany({ where: { endpointId: endpoint.id, eventType: "ping" }, orderBy: { createdAt: "asc" }, select: { status: true, attempts: true } });
    expect(pings).toEqual([
      { status: "delivered", attempts: 1 },
      { status: "failed", attempts: 1 },
    ]);
    expect(receiver.on("/ping")).toHaveLength(2);
    expect((await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).consecutiveFailures).toBe(0);
  });

  it("queues an automation's call on an endpoint once per id, delivered like an event", async () => {
    const endpoint = await anEndpoint(receiver, "/automation", ["ticket.created"]);
    const call = { endpointId: endpoint.id, eventId: "rule_1:evt_9", eventPosition: null, type: "automation.rule_matched", occurredAt: new Date(), actor: { kind: "automation" as const, id: "rule_1" }, data: { ticketNumber: 12 } };
    expect(await queueWebhookCall(call)).toBe(true);
    expect(await queueWebhookCall(call)).toBe(true);
    await deliverAll();
    const requests = receiver.on("/automation");
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ webhookId: "msg_rule_1:evt_9", verifyError: null, verified: { type: "automation.rule_matched", actor: { kind: "automation", id: "rule_1" }, data: { ticketNumber: 12 } } });
    expect(await queueWebhookCall({ ...call, endpointId: "missing" })).toBe(false);
  });
});

describe("the log's retention", () => {
  it("drops finished deliveries after 30 days and keeps waiting ones", async () => {
    const endpoint = await anEndpoint(receiver, "/old", ["ticket.created"]);
    const old = new Date(Date.now() - 31 * 86_400_000);
    const row = (eventId: string, status: string, createdAt: Date) => ({ endpointId: endpoint.id, eventId, eventType: "ticket.created", payload: "{}", webhookId: `msg_${eventId}`, status, createdAt });
    await db().webhookDelivery.createMany({
      data: [row("old-delivered", "delivered", old), row("old-failed", "failed", old), row("old-queued", "queued", old), row("recent-delivered", "delivered", new Date())],
    });
    expect(await pruneWebhookDeliveries()).toBe(2);
    const left = await db().webhookDelivery.findMany({ where: { endpointId: endpoint.id }, orderBy: { eventId: "asc" }, select: { eventId: true } });
    expect(left.map((entry) => entry.eventId)).toEqual(["old-queued", "recent-delivered"]);
  });
});

/** A server that only counts the requests it gets (the target of a redirect that must not be followed). */
async function startCountingServer() {
  let hits = 0;
  const server = http.createServer((_request, response) => {
    hits += 1;
    response.end("reached");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, hits: () => hits, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
