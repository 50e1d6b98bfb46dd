import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import {
  companyData,
  contactData,
  dealData,
  messageData,
  messageKind,
  MESSAGE_TEXT_LIMIT,
  orderData,
  parseSubscribedEvents,
  ticketData,
  typeForEndpoint,
  webhookBody,
  webhookEventAreas,
  webhookEventTypes,
  webhookTypesFor,
  type SourceEvent,
  type TicketRecord,
  type WebhookEventType,
} from "~/domain/webhooks/webhook-events";
import { generateWebhookSecret, isWebhookSecret, signedWebhookHeaders } from "~/domain/webhooks/webhook-signing.server";
import { WEBHOOK_MAX_ATTEMPTS, webhookRetryDelayMs } from "~/domain/webhooks/webhook-delivery.server";

const URL_BASE = "https://support.exemple.fr";

describe("which webhook a domain event becomes", () => {
  const table: Array<[string, SourceEvent, WebhookEventType[]]> = [
    ["a new ticket", { name: "ticket.created", payload: { ticketId: "t" } }, ["ticket.created"]],
    ["a priority change", { name: "ticket.updated", payload: { ticketId: "t", changes: ["priority"] }, ticketStatusAtEvent: null }, ["ticket.updated"]],
    ["a status change to open", { name: "ticket.updated", payload: { ticketId: "t", changes: ["status"] }, ticketStatusAtEvent: "open" }, ["ticket.updated"]],
    ["a solve", { name: "ticket.updated", payload: { ticketId: "t", changes: ["status", "sla"] }, ticketStatusAtEvent: "solved" }, ["ticket.solved", "ticket.updated"]],
    ["a tag change on a solved ticket (not a solve)", { name: "ticket.updated", payload: { ticketId: "t", changes: ["tags"] }, ticketStatusAtEvent: "solved" }, ["ticket.updated"]],
    ["a closing", { name: "ticket.updated", payload: { ticketId: "t", changes: ["status"] }, ticketStatusAtEvent: "closed" }, ["ticket.updated"]],
    ["a message", { name: "message.added", payload: { ticketId: "t", messageId: "m" } }, ["message.created"]],
    ["a new contact", { name: "contact.saved", payload: { contactId: "c", created: true } }, ["contact.created"]],
    ["a contact change", { name: "contact.saved", payload: { contactId: "c", created: false } }, ["contact.updated"]],
    ["a new company", { name: "company.saved", payload: { companyId: "c", created: true } }, ["company.created"]],
    ["a company change", { name: "company.saved", payload: { companyId: "c", created: false } }, ["company.updated"]],
    ["a deal moved to an open stage", { name: "deal.stage_changed", payload: { dealId: "d", toKind: "open" } }, ["deal.stage_changed"]],
    ["a deal lost", { name: "deal.stage_changed", payload: { dealId: "d", toKind: "lost" } }, ["deal.stage_changed"]],
    ["a deal won", { name: "deal.stage_changed", payload: { dealId: "d", toKind: "won" } }, ["deal.won", "deal.stage_changed"]],
    ["an order", { name: "order.created", payload: { orderId: "o" } }, ["order.created"]],
  ];

  it.each(table)("%s", (_, event, expected) => {
    expect(webhookTypesFor(event)).toEqual(expected);
  });

  it("gives each endpoint the most specific type it subscribes to, once", () => {
    const solve: WebhookEventType[] = ["ticket.solved", "ticket.updated"];
    expect(typeForEndpoint(solve, ["ticket.solved", "ticket.updated"])).toBe("ticket.solved");
    expect(typeForEndpoint(solve, ["ticket.updated"])).toBe("ticket.updated");
    expect(typeForEndpoint(solve, ["ticket.solved"])).toBe("ticket.solved");
    expect(typeForEndpoint(solve, ["ticket.created", "message.created"])).toBeNull();
    expect(typeForEndpoint(["ticket.updated"], ["ticket.solved"])).toBeNull();
  });

  it("reads a stored subscription, dropping what it does not know", () => {
    expect(parseSubscribedEvents('["deal.won","ticket.created","nonsense"]')).toEqual(["ticket.created", "deal.won"]);
    expect(parseSubscribedEvents("not json")).toEqual([]);
    expect(parseSubscribedEvents('{"a":1}')).toEqual([]);
  });

  it("lists every type in exactly one area of the form", () => {
    const listed = webhookEventAreas.flatMap((area) => [...area.types]);
    expect([...listed].sort()).toEqual([...webhookEventTypes].sort());
  });
});

const ticket: TicketRecord = {
  id: "tk1",
  number: 1042,
  subject: "Imprimante en panne",
  status: "solved",
  priority: "high",
  type: "incident",
  channel: "email",
  requester: { id: "ct1", firstName: "Camille", lastName: "Durand", email: "camille@atelier.fr" },
  company: { id: "co1", name: "Atelier Durand" },
  group: { id: "g1", name: "Support N1" },
  assignee: { id: "u1", name: "Léa Martin" },
  tags: ["urgent", "imprimante"],
  createdAt: new Date("2026-12-01T09:00:00Z"),
  updatedAt: new Date("2026-12-02T10:00:00Z"),
  solvedAt: new Date("2026-12-02T10:00:00Z"),
  closedAt: null,
};

describe("bodies", () => {
  it("describes a ticket with ids, names and a link, and the changes of an update", () => {
    expect(ticketData(ticket, URL_BASE, ["status", "status", "sla"])).toEqual({
      id: "tk1",
      number: 1042,
      subject: "Imprimante en panne",
      status: "solved",
      priority: "high",
      type: "incident",
      channel: "email",
      requester: { id: "ct1", name: "Camille Durand", email: "camille@atelier.fr" },
      company: { id: "co1", name: "Atelier Durand" },
      group: { id: "g1", name: "Support N1" },
      assignee: { id: "u1", name: "Léa Martin" },
      tags: ["imprimante", "urgent"],
      createdAt: "2026-12-01T09:00:00.000Z",
      updatedAt: "2026-12-02T10:00:00.000Z",
      solvedAt: "2026-12-02T10:00:00.000Z",
      closedAt: null,
      webUrl: "https://support.exemple.fr/support/tickets/1042",
      changes: ["status", "sla"],
    });
    expect(ticketData(ticket, URL_BASE)).not.toHaveProperty("changes");
  });

  it.each([
    [{ direction: "in", visibility: "public" }, "customer_message"],
    [{ direction: "out", visibility: "public" }, "public_reply"],
    [{ direction: "out", visibility: "internal" }, "internal_note"],
    [{ direction: "in", visibility: "internal" }, "internal_note"],
  ] as const)("a message %o is a %s", (message, kind) => {
    expect(messageKind(message)).toBe(kind);
  });

  it("states a message's visibility and author, and cuts a long text", () => {
    const data = messageData(
      {
        id: "m1",
        direction: "out",
        visibility: "internal",
        bodyText: "x".repeat(MESSAGE_TEXT_LIMIT + 5),
        createdAt: new Date("2026-12-02T10:00:00Z"),
        ticket: { id: "tk1", number: 1042, subject: "Imprimante en panne" },
        authorUser: { id: "u1", name: "Léa Martin" },
        authorContact: null,
        attachments: [{ id: "a1", filename: "photo.jpg", contentType: "image/jpeg", size: 2048 }],
      },
      URL_BASE,
    );
    expect(data).toMatchObject({
      kind: "internal_note",
      visibility: "internal",
      direction: "out",
      author: { kind: "agent", id: "u1", name: "Léa Martin" },
      bodyTruncated: true,
      ticket: { id: "tk1", number: 1042, webUrl: "https://support.exemple.fr/support/tickets/1042" },
      attachments: [{ id: "a1", filename: "photo.jpg", contentType: "image/jpeg", size: 2048 }],
    });
    expect(data.bodyText).toHaveLength(MESSAGE_TEXT_LIMIT);
  });

  it("gives a contact's addresses as the API does, the primary one first", () => {
    const data = contactData(
      {
        id: "ct1",
        firstName: "Camille",
        lastName: "Durand",
        jobTitle: "Gérante",
        phone: "",
        language: "fr",
        marketingConsents: [
          { address: "camille@atelier.fr", state: "b2b_interest" },
          { address: "perso@exemple.fr", state: "unsubscribed" },
        ],
        company: null,
        emails: [
          { address: "perso@exemple.fr", isPrimary: false, bouncedAt: new Date("2026-11-20T10:00:00Z") },
          { address: "camille@atelier.fr", isPrimary: true, bouncedAt: null },
        ],
        createdAt: new Date("2026-12-01T09:00:00Z"),
        updatedAt: new Date("2026-12-01T09:00:00Z"),
      },
      URL_BASE,
    );
    expect(data.emails).toEqual([
      { address: "camille@atelier.fr", primary: true, bounced: false },
      { address: "perso@exemple.fr", primary: false, bounced: true },
    ]);
    expect(data.name).toBe("Camille Durand");
    // Consent is the primary address's (the unsubscribed second address does not count).
    expect(data).toMatchObject({ marketingConsent: true, consentState: "b2b_interest" });
    expect(data.webUrl).toBe("https://support.exemple.fr/clients/contacts/ct1");
  });

  it("describes a company, a deal and an order with their links", () => {
    const company = companyData(
      {
        id: "co1",
        name: "Atelier Durand",
        sector: "industry",
        size: "10-49",
        street: "3 rue des Forges",
        postalCode: "69003",
        city: "Lyon",
        country: "FR",
        phone: "",
        website: "",
        lifecycleStage: "client",
        owner: null,
        domains: ["b.fr", "a.fr"],
        createdAt: new Date("2026-12-01T09:00:00Z"),
        updatedAt: new Date("2026-12-01T09:00:00Z"),
      },
      URL_BASE,
    );
    expect(company).toMatchObject({ city: "Lyon", postalCode: "69003", street: "3 rue des Forges", domains: ["a.fr", "b.fr"], webUrl: "https://support.exemple.fr/clients/societes/co1" });
    const deal = dealData(
      {
        id: "d1",
        title: "Contrat de maintenance",
        amountCents: 1_250_000,
        source: "referral",
        expectedCloseDate: new Date("2026-12-15T11:00:00Z"),
        closedAt: new Date("2026-12-03T08:00:00Z"),
        stage: { id: "s5", name: "Gagnée", kind: "won", probability: 100 },
        company: { id: "co1", name: "Atelier Durand" },
        contact: { id: "ct1", firstName: "Camille", lastName: "Durand" },
        owner: { id: "u2", name: "Paul Vendeur" },
        createdAt: new Date("2026-11-01T09:00:00Z"),
        updatedAt: new Date("2026-12-03T08:00:00Z"),
      },
      URL_BASE,
      { id: "s3", name: "Négociation", kind: "open", probability: 70 },
    );
    expect(deal).toMatchObject({
      amountCents: 1_250_000,
      expectedCloseDate: "2026-12-15",
      stage: { kind: "won", probability: 100 },
      previousStage: { id: "s3" },
      contact: { id: "ct1", name: "Camille Durand" },
      webUrl: "https://support.exemple.fr/ventes/affaires/d1",
    });
    const order = orderData(
      {
        id: "o1",
        number: "CMD-2026-0007",
        orderedAt: new Date("2026-12-03T08:00:00Z"),
        totalExclCents: 162_000,
        totalVatCents: 32_400,
        totalInclCents: 194_400,
        company: { id: "co1", name: "Atelier Durand" },
        owner: { id: "u2", name: "Paul Vendeur" },
        quote: { id: "q1", number: "DEV-2026-0012" },
        deal: { id: "d1", title: "Contrat de maintenance" },
        createdAt: new Date("2026-12-03T08:00:00Z"),
      },
      URL_BASE,
    );
    expect(order).toMatchObject({ number: "CMD-2026-0007", totalInclCents: 194_400, quote: { number: "DEV-2026-0012" }, webUrl: "https://support.exemple.fr/ventes/commandes/o1" });
  });

  it("wraps data as { type, timestamp, actor, data }", () => {
    const body = webhookBody("ticket.created", new Date("2026-12-01T09:00:00Z"), { kind: "api", id: "u1" }, { id: "tk1" });
    expect(JSON.parse(body)).toEqual({ type: "ticket.created", timestamp: "2026-12-01T09:00:00.000Z", actor: { kind: "api", id: "u1" }, data: { id: "tk1" } });
  });
});

describe("signing", () => {
  it("signs per Standard Webhooks: the library verifies it, and a changed body fails", () => {
    const secret = generateWebhookSecret();
    expect(isWebhookSecret(secret)).toBe(true);
    const body = '{"type":"ticket.created"}';
    const headers = signedWebhookHeaders({ webhookId: "msg_1", timestamp: new Date(), body, secrets: [secret] });
    expect(headers["content-type"]).toBe("application/json");
    expect(headers["user-agent"]).toMatch(/^Comptoir-Webhooks\//);
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, headers)).toEqual({ type: "ticket.created" });
    expect(() => new Webhook(secret).verify(body.replace("created", "updated"), headers)).toThrow();
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow();
  });

  it("signs with both secrets during a rotation: either one verifies", () => {
    const [current, previous] = [generateWebhookSecret(), generateWebhookSecret()];
    const body = "{}";
    const headers = signedWebhookHeaders({ webhookId: "msg_2", timestamp: new Date(), body, secrets: [current, previous] });
    expect(headers["webhook-signature"].split(" ")).toHaveLength(2);
    expect(() => new Webhook(current).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(previous).verify(body, headers)).not.toThrow();
  });

  it("matches the raw HMAC recipe of docs/webhooks.md", async () => {
    const { createHmac } = await import("node:crypto");
    const secret = generateWebhookSecret();
    const timestamp = new Date("2026-12-01T09:00:00Z");
    const body = '{"a":1}';
    const headers = signedWebhookHeaders({ webhookId: "msg_3", timestamp, body, secrets: [secret] });
    const key = Buffer.from(secret.slice("whsec_".length), "base64");
    const expected = createHmac("sha256", key).update(`msg_3.${headers["webhook-timestamp"]}.${body}`).digest("base64");
    expect(headers["webhook-signature"]).toBe(`v1,${expected}`);
    expect(headers["webhook-timestamp"]).toBe(String(timestamp.getTime() / 1000));
  });
});

describe("retry schedule", () => {
  it("waits longer after each failure, over about a day, then stops", () => {
    const delays: number[] = [];
    for (let failed = 1; failed < WEBHOOK_MAX_ATTEMPTS; failed++) delays.push(webhookRetryDelayMs(failed)!);
    expect(delays.map((ms) => ms / 1000)).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000]);
    expect(webhookRetryDelayMs(WEBHOOK_MAX_ATTEMPTS)).toBeNull();
    const total = delays.reduce((sum, ms) => sum + ms, 0) / 3_600_000;
    expect(total).toBeGreaterThan(24);
    expect(total).toBeLessThan(30);
  });
});
