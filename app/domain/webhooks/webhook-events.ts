/**
 * The public webhook catalogue (docs/webhooks.md): the event types an endpoint can subscribe to,
 * which domain event each comes from, and the body it carries. Pure, so the Administration form
 * lists the same types the sender uses, and table-tested (tests/unit/webhook-events.test.ts).
 *
 * A body is `{ type, timestamp, actor, data }`: `timestamp` is when the change happened (ISO),
 * `actor` who made it (`user`, `api`, `automation` or `system`, with an id), `data` the record as
 * it was read when the event was queued — ids, numbers, names, states; never a password, a
 * secret or HTML. The records use the public API's field names (app/lib/api/v1): a receiver reads
 * a webhook's ticket like GET /api/v1/tickets/{id}'s, minus what only a read carries (messages, SLA,
 * versions). Field names are stable: new fields may be added, none renamed or removed.
 */

import { isMailable, primaryConsentState } from "~/domain/marketing/consent/consent-states";
import { localDayInput } from "~/domain/sales/deal-schemas";

export const webhookEventTypes = [
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
  "order.created",
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

export function isWebhookEventType(value: unknown): value is WebhookEventType {
  return typeof value === "string" && (webhookEventTypes as readonly string[]).includes(value);
}

/** How lists and rules name an endpoint: its description, else its URL. */
export function webhookEndpointName(endpoint: { description: string; url: string }): string {
  return endpoint.description.trim() || endpoint.url;
}

/** The test event sent from Administration › Webhooks; never subscribed to. */
export const PING_EVENT_TYPE = "ping";

/** The types grouped by area, as the Administration form shows them. */
export const webhookEventAreas = [
  { area: "helpdesk", types: ["ticket.created", "ticket.updated", "ticket.solved", "message.created"] },
  { area: "customers", types: ["contact.created", "contact.updated", "company.created", "company.updated"] },
  { area: "sales", types: ["deal.stage_changed", "deal.won", "order.created"] },
] as const satisfies ReadonlyArray<{ area: string; types: readonly WebhookEventType[] }>;

/** The domain events (app/domain/events.server.ts) webhooks are made from. */
export const webhookSourceEvents = ["ticket.created", "ticket.updated", "message.added", "contact.saved", "company.saved", "deal.stage_changed", "order.created"] as const;
export type WebhookSourceEvent = (typeof webhookSourceEvents)[number];

/** What the queue knows of a domain event when it maps it: its name, its payload, and facts read then. */
export type SourceEvent =
  | { name: "ticket.created"; payload: { ticketId: string } }
  | { name: "ticket.updated"; payload: { ticketId: string; changes: string[] }; ticketStatusAtEvent: string | null }
  | { name: "message.added"; payload: { ticketId: string; messageId: string } }
  | { name: "contact.saved"; payload: { contactId: string; created: boolean } }
  | { name: "company.saved"; payload: { companyId: string; created: boolean } }
  | { name: "deal.stage_changed"; payload: { dealId: string; toKind: string } }
  | { name: "order.created"; payload: { orderId: string } };

/**
 * The webhook types a domain event can go out as, most specific first. One event is delivered
 * once per endpoint: a solve goes as `ticket.solved` to an endpoint subscribed to it, otherwise as
 * `ticket.updated`; a deal reaching a won stage as `deal.won`, otherwise `deal.stage_changed`.
 */
export function webhookTypesFor(event: SourceEvent): WebhookEventType[] {
  switch (event.name) {
    case "ticket.created":
      return ["ticket.created"];
    case "ticket.updated":
      return event.payload.changes.includes("status") && event.ticketStatusAtEvent === "solved" ? ["ticket.solved", "ticket.updated"] : ["ticket.updated"];
    case "message.added":
      return ["message.created"];
    case "contact.saved":
      return [event.payload.created ? "contact.created" : "contact.updated"];
    case "company.saved":
      return [event.payload.created ? "company.created" : "company.updated"];
    case "deal.stage_changed":
      return event.payload.toKind === "won" ? ["deal.won", "deal.stage_changed"] : ["deal.stage_changed"];
    case "order.created":
      return ["order.created"];
  }
}

/** The type an endpoint receives for an event: the first candidate it subscribes to, or none. */
export function typeForEndpoint(candidates: readonly WebhookEventType[], subscribed: readonly string[]): WebhookEventType | null {
  return candidates.find((type) => subscribed.includes(type)) ?? null;
}

/** Reads an endpoint's stored subscription (a JSON array), keeping only known types. */
export function parseSubscribedEvents(json: string): WebhookEventType[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? webhookEventTypes.filter((type) => value.includes(type)) : [];
  } catch {
    return [];
  }
}

// ───────────────────────────── bodies ─────────────────────────────

export type WebhookActor = { kind: "user" | "api" | "automation" | "system"; id: string | null };

export type WebhookBody<Data = unknown> = { type: WebhookEventType | typeof PING_EVENT_TYPE | typeof AUTOMATION_TRIGGERED_TYPE; timestamp: string; actor: WebhookActor; data: Data };

type Ref = { id: string; name: string };
const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);
const personName = (person: { firstName: string; lastName: string }) => `${person.firstName} ${person.lastName}`.trim();

/** The ticket as read when the event is queued. */
export type TicketRecord = {
  id: string;
  number: number;
  subject: string;
  status: string;
  priority: string;
  type: string;
  channel: string;
  requester: { id: string; firstName: string; lastName: string; email: string | null };
  company: Ref | null;
  group: Ref | null;
  assignee: Ref | null;
  tags: string[];
  createdAt: Date;
  updatedAt: Date;
  solvedAt: Date | null;
  closedAt: Date | null;
};

export function ticketData(ticket: TicketRecord, publicUrl: string, changes?: string[]) {
  return {
    id: ticket.id,
    number: ticket.number,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    type: ticket.type,
    channel: ticket.channel,
    requester: { id: ticket.requester.id, name: personName(ticket.requester), email: ticket.requester.email },
    company: ticket.company,
    group: ticket.group,
    assignee: ticket.assignee,
    tags: [...ticket.tags].sort(),
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
    solvedAt: iso(ticket.solvedAt),
    closedAt: iso(ticket.closedAt),
    webUrl: `${publicUrl}/support/tickets/${ticket.number}`,
    ...(changes ? { changes: [...new Set(changes)] } : {}),
  };
}

/** The text of a message travels up to this many characters (`bodyTruncated` says when it was cut). */
export const MESSAGE_TEXT_LIMIT = 10_000;

export type MessageRecord = {
  id: string;
  direction: string;
  visibility: string;
  bodyText: string;
  createdAt: Date;
  ticket: { id: string; number: number; subject: string };
  authorUser: Ref | null;
  authorContact: { id: string; firstName: string; lastName: string } | null;
  attachments: Array<{ id: string; filename: string; contentType: string; size: number }>;
};

/** customer_message (from the customer), public_reply (an agent's answer), internal_note (agents only). */
export function messageKind(message: Pick<MessageRecord, "direction" | "visibility">): "customer_message" | "public_reply" | "internal_note" {
  if (message.visibility === "internal") return "internal_note";
  return message.direction === "in" ? "customer_message" : "public_reply";
}

export function messageData(message: MessageRecord, publicUrl: string) {
  // As the API names them: an agent (a user), the customer (a contact), or Comptoir itself.
  const author = message.authorUser
    ? { kind: "agent" as const, id: message.authorUser.id, name: message.authorUser.name }
    : message.authorContact
      ? { kind: "customer" as const, id: message.authorContact.id, name: personName(message.authorContact) }
      : { kind: "system" as const, id: null, name: "" };
  return {
    id: message.id,
    ticket: { ...message.ticket, webUrl: `${publicUrl}/support/tickets/${message.ticket.number}` },
    kind: messageKind(message),
    visibility: message.visibility === "internal" ? ("internal" as const) : ("public" as const),
    direction: message.direction === "in" ? ("in" as const) : ("out" as const),
    author,
    bodyText: message.bodyText.slice(0, MESSAGE_TEXT_LIMIT),
    bodyTruncated: message.bodyText.length > MESSAGE_TEXT_LIMIT,
    attachments: message.attachments.map((attachment) => ({ ...attachment })),
    createdAt: message.createdAt.toISOString(),
  };
}

export type ContactRecord = {
  id: string;
  firstName: string;
  lastName: string;
  jobTitle: string;
  phone: string;
  language: string;
  /** The consent rows of the contact's addresses (the primary one is what the payload shows). */
  marketingConsents: Array<{ address: string; state: string }>;
  company: Ref | null;
  emails: Array<{ address: string; isPrimary: boolean; bouncedAt: Date | null }>;
  createdAt: Date;
  updatedAt: Date;
};

export function contactData(contact: ContactRecord, publicUrl: string) {
  const emails = [...contact.emails].sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary) || a.address.localeCompare(b.address));
  return {
    id: contact.id,
    name: personName(contact) || (emails[0]?.address ?? ""),
    firstName: contact.firstName,
    lastName: contact.lastName,
    emails: emails.map((email) => ({ address: email.address, primary: email.isPrimary, bounced: email.bouncedAt !== null })),
    jobTitle: contact.jobTitle,
    phone: contact.phone,
    language: contact.language,
    marketingConsent: isMailable(primaryConsentState(emails[0]?.address ?? "", contact.marketingConsents)),
    consentState: primaryConsentState(emails[0]?.address ?? "", contact.marketingConsents),
    company: contact.company,
    createdAt: contact.createdAt.toISOString(),
    updatedAt: contact.updatedAt.toISOString(),
    webUrl: `${publicUrl}/clients/contacts/${contact.id}`,
  };
}

export type CompanyRecord = {
  id: string;
  name: string;
  sector: string;
  size: string | null;
  street: string;
  postalCode: string;
  city: string;
  country: string;
  phone: string;
  website: string;
  lifecycleStage: string;
  owner: Ref | null;
  domains: string[];
  createdAt: Date;
  updatedAt: Date;
};

export function companyData(company: CompanyRecord, publicUrl: string) {
  return {
    id: company.id,
    name: company.name,
    sector: company.sector,
    size: company.size,
    street: company.street,
    postalCode: company.postalCode,
    city: company.city,
    country: company.country,
    phone: company.phone,
    website: company.website,
    lifecycleStage: company.lifecycleStage,
    owner: company.owner,
    domains: [...company.domains].sort(),
    createdAt: company.createdAt.toISOString(),
    updatedAt: company.updatedAt.toISOString(),
    webUrl: `${publicUrl}/clients/societes/${company.id}`,
  };
}

type StageRef = { id: string; name: string; kind: string; probability: number };

export type DealRecord = {
  id: string;
  title: string;
  amountCents: number;
  source: string;
  expectedCloseDate: Date | null;
  closedAt: Date | null;
  stage: StageRef;
  company: Ref;
  contact: { id: string; firstName: string; lastName: string } | null;
  owner: Ref;
  createdAt: Date;
  updatedAt: Date;
};

export function dealData(deal: DealRecord, publicUrl: string, previousStage: StageRef | null) {
  return {
    id: deal.id,
    title: deal.title,
    amountCents: deal.amountCents,
    stage: deal.stage,
    previousStage,
    company: deal.company,
    contact: deal.contact ? { id: deal.contact.id, name: personName(deal.contact) } : null,
    owner: deal.owner,
    source: deal.source,
    expectedCloseDate: deal.expectedCloseDate ? localDayInput(deal.expectedCloseDate) : null,
    closedAt: iso(deal.closedAt),
    createdAt: deal.createdAt.toISOString(),
    updatedAt: deal.updatedAt.toISOString(),
    webUrl: `${publicUrl}/ventes/affaires/${deal.id}`,
  };
}

/** An order as read when it was created (amounts in cents, excluding / VAT / including). */
export type OrderRecord = {
  id: string;
  number: string;
  orderedAt: Date;
  totalExclCents: number;
  totalVatCents: number;
  totalInclCents: number;
  company: Ref;
  owner: Ref;
  quote: { id: string; number: string };
  deal: { id: string; title: string } | null;
  createdAt: Date;
};

export function orderData(order: OrderRecord, publicUrl: string) {
  return {
    id: order.id,
    number: order.number,
    orderedAt: order.orderedAt.toISOString(),
    totalExclCents: order.totalExclCents,
    totalVatCents: order.totalVatCents,
    totalInclCents: order.totalInclCents,
    company: order.company,
    owner: order.owner,
    quote: order.quote,
    deal: order.deal,
    createdAt: order.createdAt.toISOString(),
    webUrl: `${publicUrl}/ventes/commandes/${order.id}`,
  };
}

/**
 * The type of the call an automation rule's "call a webhook" action makes: sent only to the
 * endpoint the rule names, never subscribed to.
 */
export const AUTOMATION_TRIGGERED_TYPE = "automation.triggered";

/**
 * The data of a rule's call: the rule, what started it, and the ticket or the deal as the rule
 * left it, in the catalogue's shapes (ticketData, dealData).
 */
export function automationCallData(input: {
  rule: { id: string; name: string };
  trigger: string;
  ticket?: ReturnType<typeof ticketData>;
  deal?: ReturnType<typeof dealData>;
}) {
  return {
    rule: { id: input.rule.id, name: input.rule.name },
    trigger: input.trigger,
    ...(input.ticket ? { ticket: input.ticket } : {}),
    ...(input.deal ? { deal: input.deal } : {}),
  };
}

export function pingData(endpoint: { id: string; url: string }) {
  return { endpointId: endpoint.id, url: endpoint.url, message: "Test event from Comptoir" };
}

/** The body as sent: built once, stored, and signed byte for byte on every attempt. */
export function webhookBody<Data>(type: WebhookBody["type"], occurredAt: Date, actor: WebhookActor, data: Data): string {
  return JSON.stringify({ type, timestamp: occurredAt.toISOString(), actor, data } satisfies WebhookBody<Data>);
}
