import type { DomainEvents, StoredEvent } from "~/domain/events.server";
import type { TransactionClient } from "~/lib/db.server";
import {
  companyData,
  contactData,
  dealData,
  messageData,
  orderData,
  ticketData,
  webhookBody,
  type SourceEvent,
  type WebhookActor,
  type WebhookEventType,
  type WebhookSourceEvent,
} from "./webhook-events";

/**
 * Reads the records a domain event names and builds the body each webhook type sends (the shapes
 * live in webhook-events.ts). Called by the queue when the event is queued: the body is built
 * once, so every retry and a replay send the same bytes. A record gone since (deleted, merged
 * away) gives no body: there is nothing left to describe.
 */

type Reader = Pick<TransactionClient, "ticket" | "ticketEvent" | "message" | "contact" | "company" | "deal" | "pipelineStage" | "order">;

const refSelect = { id: true, name: true } as const;
const ticketSelect = {
  id: true,
  number: true,
  subject: true,
  status: true,
  priority: true,
  type: true,
  channel: true,
  createdAt: true,
  updatedAt: true,
  solvedAt: true,
  closedAt: true,
  requester: { select: { id: true, firstName: true, lastName: true, emails: { where: { isPrimary: true }, select: { address: true }, take: 1 } } },
  company: { select: refSelect },
  group: { select: refSelect },
  assignee: { select: refSelect },
  tags: { select: { tag: { select: { name: true } } } },
} as const;
const messageSelect = {
  id: true,
  direction: true,
  visibility: true,
  bodyText: true,
  createdAt: true,
  ticket: { select: { id: true, number: true, subject: true } },
  authorUser: { select: refSelect },
  authorContact: { select: { id: true, firstName: true, lastName: true } },
  attachments: { where: { inline: false }, orderBy: { createdAt: "asc" }, select: { id: true, filename: true, contentType: true, size: true } },
} as const;
const contactSelect = {
  id: true,
  firstName: true,
  lastName: true,
  jobTitle: true,
  phone: true,
  language: true,
  marketingConsents: { select: { address: true, state: true } },
  createdAt: true,
  updatedAt: true,
  company: { select: refSelect },
  emails: { select: { address: true, isPrimary: true, bouncedAt: true } },
} as const;
const companySelect = {
  id: true,
  name: true,
  sector: true,
  size: true,
  street: true,
  postalCode: true,
  city: true,
  country: true,
  phone: true,
  website: true,
  lifecycleStage: true,
  createdAt: true,
  updatedAt: true,
  owner: { select: refSelect },
  domains: { select: { domain: true } },
} as const;
const stageSelect = { id: true, name: true, kind: true, probability: true } as const;
const orderSelect = {
  id: true,
  number: true,
  orderedAt: true,
  totalExclCents: true,
  totalVatCents: true,
  totalInclCents: true,
  createdAt: true,
  company: { select: refSelect },
  owner: { select: refSelect },
  quote: { select: { id: true, number: true } },
  deal: { select: { id: true, title: true } },
} as const;
const dealSelect = {
  id: true,
  title: true,
  amountCents: true,
  source: true,
  expectedCloseDate: true,
  closedAt: true,
  createdAt: true,
  updatedAt: true,
  stage: { select: stageSelect },
  company: { select: refSelect },
  contact: { select: { id: true, firstName: true, lastName: true } },
  owner: { select: refSelect },
} as const;

/**
 * The ticket's status right after the change the event describes: the newest status entry of its
 * history written by then (the ticket may have moved on since, e.g. solved then reopened before
 * the queue read it). Falls back to the status now.
 */
async function ticketStatusAt(reader: Reader, ticketId: string, at: Date): Promise<string | null> {
  const entry = await reader.ticketEvent.findFirst({
    where: { ticketId, kind: "status", createdAt: { lte: at } },
    orderBy: { createdAt: "desc" },
    select: { data: true },
  });
  if (entry) {
    try {
      const to = (JSON.parse(entry.data) as { to?: unknown }).to;
      if (typeof to === "string") return to;
    } catch {
      // An unreadable history entry: use the status now.
    }
  }
  return (await reader.ticket.findUnique({ where: { id: ticketId }, select: { status: true } }))?.status ?? null;
}

/** The event as the catalogue maps it (with the facts it needs, read now). */
export async function sourceEventOf(reader: Reader, event: StoredEvent): Promise<SourceEvent | null> {
  const name = event.name as WebhookSourceEvent;
  switch (name) {
    case "ticket.created":
      return { name, payload: event.payload as DomainEvents[typeof name] };
    case "ticket.updated": {
      const payload = event.payload as DomainEvents[typeof name];
      const ticketStatusAtEvent = payload.changes.includes("status") ? await ticketStatusAt(reader, payload.ticketId, event.occurredAt) : null;
      return { name, payload, ticketStatusAtEvent };
    }
    case "message.added":
      return { name, payload: event.payload as DomainEvents[typeof name] };
    case "contact.saved":
      return { name, payload: event.payload as DomainEvents[typeof name] };
    case "company.saved":
      return { name, payload: event.payload as DomainEvents[typeof name] };
    case "deal.stage_changed":
      return { name, payload: event.payload as DomainEvents[typeof name] };
    case "order.created":
      return { name, payload: event.payload as DomainEvents[typeof name] };
    default:
      return null;
  }
}

function actorOf(event: StoredEvent): WebhookActor {
  return { kind: event.actor.kind, id: event.actor.id };
}

async function readTicket(reader: Reader, ticketId: string) {
  const row = await reader.ticket.findUnique({ where: { id: ticketId }, select: ticketSelect });
  if (!row) return null;
  return {
    ...row,
    requester: { id: row.requester.id, firstName: row.requester.firstName, lastName: row.requester.lastName, email: row.requester.emails[0]?.address ?? null },
    tags: row.tags.map((entry) => entry.tag.name),
  };
}

/** The ticket in the catalogue's shape, as it is now (null when it no longer exists). */
export async function readTicketData(reader: Reader, ticketId: string, publicUrl: string) {
  const ticket = await readTicket(reader, ticketId);
  return ticket ? ticketData(ticket, publicUrl) : null;
}

/** The deal in the catalogue's shape, as it is now, with the stage it left when known (null when it no longer exists). */
export async function readDealData(reader: Reader, dealId: string, publicUrl: string, previousStageId: string | null = null) {
  const deal = await reader.deal.findUnique({ where: { id: dealId }, select: dealSelect });
  if (!deal) return null;
  const previous = previousStageId ? await reader.pipelineStage.findUnique({ where: { id: previousStageId }, select: stageSelect }) : null;
  return dealData(deal, publicUrl, previous);
}

/** The body of `type` for this event, or null when its record no longer exists. */
export async function buildWebhookBody(reader: Reader, type: WebhookEventType, event: StoredEvent, publicUrl: string): Promise<string | null> {
  const body = <Data>(data: Data) => webhookBody(type, event.occurredAt, actorOf(event), data);
  switch (type) {
    case "ticket.created":
    case "ticket.updated":
    case "ticket.solved": {
      const { ticketId } = event.payload as DomainEvents["ticket.created"];
      const ticket = await readTicket(reader, ticketId);
      if (!ticket) return null;
      const changes = type === "ticket.created" ? undefined : (event.payload as DomainEvents["ticket.updated"]).changes;
      return body(ticketData(ticket, publicUrl, changes));
    }
    case "message.created": {
      const { messageId } = event.payload as DomainEvents["message.added"];
      const message = await reader.message.findUnique({ where: { id: messageId }, select: messageSelect });
      return message ? body(messageData(message, publicUrl)) : null;
    }
    case "contact.created":
    case "contact.updated": {
      const { contactId } = event.payload as DomainEvents["contact.saved"];
      const contact = await reader.contact.findUnique({ where: { id: contactId }, select: contactSelect });
      return contact ? body(contactData(contact, publicUrl)) : null;
    }
    case "company.created":
    case "company.updated": {
      const { companyId } = event.payload as DomainEvents["company.saved"];
      const company = await reader.company.findUnique({ where: { id: companyId }, select: companySelect });
      return company ? body(companyData({ ...company, domains: company.domains.map((entry) => entry.domain) }, publicUrl)) : null;
    }
    case "deal.stage_changed":
    case "deal.won": {
      const { dealId, fromStageId, toStageId } = event.payload as DomainEvents["deal.stage_changed"];
      const deal = await reader.deal.findUnique({ where: { id: dealId }, select: dealSelect });
      if (!deal) return null;
      // The move this event describes, even if the deal moved again before it was queued.
      const [from, to] = await Promise.all([
        fromStageId ? reader.pipelineStage.findUnique({ where: { id: fromStageId }, select: stageSelect }) : null,
        reader.pipelineStage.findUnique({ where: { id: toStageId }, select: stageSelect }),
      ]);
      return body(dealData({ ...deal, stage: to ?? deal.stage }, publicUrl, from));
    }
    case "order.created": {
      const { orderId } = event.payload as DomainEvents["order.created"];
      const order = await reader.order.findUnique({ where: { id: orderId }, select: orderSelect });
      return order ? body(orderData(order, publicUrl)) : null;
    }
  }
}
