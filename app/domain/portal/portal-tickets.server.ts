import type { Prisma } from "~/generated/prisma/client";
import { storeUploads } from "~/domain/channels/web-form/intake.server";
import type { WebRequestType } from "~/domain/channels/web-form/web-form-schema";
import { contactDisplayName } from "~/domain/customers/contacts.server";
import { DomainError } from "~/domain/errors";
import { addCustomerMessage, createTicket, setStatusByCustomer } from "~/domain/helpdesk/tickets.server";
import { unresolvedStatuses } from "~/domain/helpdesk/ticket-vocabulary";
import { db } from "~/lib/db.server";
import type { UploadedFile } from "~/lib/uploads.server";
import { portalMessagesWhere, portalTicketsWhere, visiblePortalTicketId, type PortalViewer } from "./portal-access.server";
import { getReopenDays } from "./portal-settings.server";
import type { PortalListFilter, PortalListScope } from "./portal-vocabulary";

/** The customer's side of tickets: lists, the public thread, replies, closing and reopening. */

const DAY_MS = 24 * 60 * 60 * 1000;
export const PORTAL_PAGE_SIZE = 25;


/** The last moment something the customer can see happened (internal activity is not revealed). */
function lastPublicActivity(ticket: { createdAt: Date; lastCustomerMessageAt: Date | null; lastAgentReplyAt: Date | null; solvedAt: Date | null; closedAt: Date | null }): Date {
  return [ticket.createdAt, ticket.lastCustomerMessageAt, ticket.lastAgentReplyAt, ticket.solvedAt, ticket.closedAt]
    .filter((value): value is Date => value instanceof Date)
    .reduce((latest, value) => (value > latest ? value : latest));
}

export async function listPortalTickets(viewer: PortalViewer, options: { filter: PortalListFilter; scope: PortalListScope; page: number }) {
  const scopeWhere: Prisma.TicketWhereInput =
    options.scope === "company" && viewer.companyManager ? portalTicketsWhere(viewer) : { requesterId: viewer.contactId };
  const statusWhere: Prisma.TicketWhereInput =
    options.filter === "open"
      ? { status: { in: [...unresolvedStatuses] } }
      : options.filter === "closed"
        ? { status: { in: ["solved", "closed"] } }
        : {};
  const where: Prisma.TicketWhereInput = { AND: [portalTicketsWhere(viewer), scopeWhere, statusWhere] };
  const page = Math.max(1, Math.floor(options.page) || 1);
  const [rows, total] = await Promise.all([
    db().ticket.findMany({
      where,
      orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * PORTAL_PAGE_SIZE,
      take: PORTAL_PAGE_SIZE,
      select: {
        number: true,
        subject: true,
        status: true,
        createdAt: true,
        lastCustomerMessageAt: true,
        lastAgentReplyAt: true,
        solvedAt: true,
        closedAt: true,
        requesterId: true,
        requester: { select: { firstName: true, lastName: true } },
      },
    }),
    db().ticket.count({ where }),
  ]);
  return {
    page,
    pageCount: Math.max(1, Math.ceil(total / PORTAL_PAGE_SIZE)),
    total,
    tickets: rows.map((ticket) => ({
      number: ticket.number,
      subject: ticket.subject,
      status: ticket.status,
      createdAt: ticket.createdAt,
      lastActivityAt: lastPublicActivity(ticket),
      requesterName: ticket.requesterId === viewer.contactId ? null : contactDisplayName(ticket.requester),
    })),
  };
}

/** Counts for the filter tabs of the list. */
export async function portalTicketCounts(viewer: PortalViewer, scope: PortalListScope) {
  const scopeWhere: Prisma.TicketWhereInput = scope === "company" && viewer.companyManager ? portalTicketsWhere(viewer) : { requesterId: viewer.contactId };
  const base = { AND: [portalTicketsWhere(viewer), scopeWhere] };
  const [open, closed] = await Promise.all([
    db().ticket.count({ where: { ...base, status: { in: [...unresolvedStatuses] } } }),
    db().ticket.count({ where: { ...base, status: { in: ["solved", "closed"] } } }),
  ]);
  return { open, closed, all: open + closed };
}

/** Whether the ticket can still be reopened (and replied to) after being solved or closed. */
export function reopenDeadline(ticket: { status: string; solvedAt: Date | null; closedAt: Date | null }, reopenDays: number): Date | null {
  if (ticket.status !== "solved" && ticket.status !== "closed") return null;
  const since = ticket.solvedAt ?? ticket.closedAt;
  return since ? new Date(since.getTime() + reopenDays * DAY_MS) : null;
}

/**
 * The ticket page: the public thread only. No internal note, no agent-only field (group,
 * assignee, priority, tags, SLA) is selected, so none can leak into the page.
 */
export async function getPortalTicket(viewer: PortalViewer, number: number, now = new Date()) {
  const ticketId = await visiblePortalTicketId(viewer, number);
  if (!ticketId) return null;
  const [ticket, reopenDays] = await Promise.all([
    db().ticket.findUniqueOrThrow({
      where: { id: ticketId },
      select: {
        number: true,
        subject: true,
        status: true,
        type: true,
        createdAt: true,
        solvedAt: true,
        closedAt: true,
        lastCustomerMessageAt: true,
        lastAgentReplyAt: true,
        requesterId: true,
        requester: { select: { firstName: true, lastName: true } },
        mergedInto: { select: { number: true } },
        rating: { select: { rating: true, comment: true, createdAt: true, updatedAt: true } },
        messages: {
          where: portalMessagesWhere,
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          select: {
            id: true,
            direction: true,
            createdAt: true,
            bodyText: true,
            authorContactId: true,
            authorContact: { select: { firstName: true, lastName: true } },
            authorUser: { select: { name: true } },
            attachments: { select: { id: true, filename: true, size: true, contentType: true }, orderBy: { createdAt: "asc" } },
          },
        },
      },
    }),
    getReopenDays(),
  ]);
  const deadline = reopenDeadline(ticket, reopenDays);
  const withinReopenDelay = deadline === null || deadline > now;
  const isRequester = ticket.requesterId === viewer.contactId;
  const mergedIntoVisible = ticket.mergedInto ? await visiblePortalTicketIdQuiet(viewer, ticket.mergedInto.number) : false;
  return {
    number: ticket.number,
    subject: ticket.subject,
    status: ticket.status,
    type: ticket.type,
    createdAt: ticket.createdAt,
    lastActivityAt: lastPublicActivity(ticket),
    requesterName: isRequester ? null : contactDisplayName(ticket.requester),
    mergedIntoNumber: mergedIntoVisible ? ticket.mergedInto!.number : null,
    messages: ticket.messages.map((message) => ({
      id: message.id,
      fromCustomer: message.direction === "in",
      mine: message.authorContactId === viewer.contactId,
      authorName: message.authorUser?.name ?? (message.authorContact ? contactDisplayName(message.authorContact) : ""),
      createdAt: message.createdAt,
      bodyText: message.bodyText,
      attachments: message.attachments,
    })),
    rating: ticket.rating,
    can: {
      reply: ticket.status !== "closed" && ticket.mergedInto === null && withinReopenDelay,
      close: ticket.status === "solved",
      reopen: (ticket.status === "solved" || ticket.status === "closed") && withinReopenDelay && ticket.mergedInto === null,
      // Only the person who asked rates the answer they got.
      rate: (ticket.status === "solved" || ticket.status === "closed") && isRequester,
    },
    reopenUntil: deadline && withinReopenDelay ? deadline : null,
    reopenDays,
  };
}

async function visiblePortalTicketIdQuiet(viewer: PortalViewer, number: number): Promise<boolean> {
  return (await db().ticket.count({ where: { AND: [{ number }, portalTicketsWhere(viewer)] } })) > 0;
}

export type PortalTicket = NonNullable<Awaited<ReturnType<typeof getPortalTicket>>>;

/** A reply from the portal: a public customer message, seen by agents like an email follow-up. */
export async function replyFromPortal(viewer: PortalViewer, number: number, input: { body: string; files: UploadedFile[] }, now = new Date()) {
  const ticket = await getPortalTicket(viewer, number, now);
  if (!ticket) throw new DomainError("errors.notFound");
  if (!ticket.can.reply) throw new DomainError(ticket.status === "closed" ? "portal.ticket.closedNoReply" : "portal.ticket.tooLateToReply", "body");
  const ticketId = (await visiblePortalTicketId(viewer, number))!;
  const attachments = await storeUploads(input.files);
  const result = await addCustomerMessage({ ticketId, contactId: viewer.contactId, bodyText: input.body, attachments });
  // "Reopened" for the customer means a solved request came back to life (not a pending one answered).
  return { messageId: result.messageId, reopened: ticket.status === "solved" };
}

export async function closeFromPortal(viewer: PortalViewer, number: number) {
  const ticketId = await visiblePortalTicketId(viewer, number);
  if (!ticketId) throw new DomainError("errors.notFound");
  return setStatusByCustomer({ ticketId, contactId: viewer.contactId, to: "closed" });
}

export async function reopenFromPortal(viewer: PortalViewer, number: number, now = new Date()) {
  const ticket = await getPortalTicket(viewer, number, now);
  if (!ticket) throw new DomainError("errors.notFound");
  if (!ticket.can.reopen) throw new DomainError("portal.ticket.tooLateToReopen");
  const ticketId = (await visiblePortalTicketId(viewer, number))!;
  return setStatusByCustomer({ ticketId, contactId: viewer.contactId, to: "open", now });
}

/** A new request opened from the portal (channel "portal"); its creation queues the acknowledgement mail. */
export async function createPortalRequest(
  viewer: PortalViewer,
  input: { type: WebRequestType; subject: string; description: string; files: UploadedFile[] },
): Promise<{ ticketNumber: number }> {
  const attachments = await storeUploads(input.files);
  const created = await createTicket({
    requesterId: viewer.contactId,
    subject: input.subject,
    channel: "portal",
    type: input.type,
    openedBy: { contactId: viewer.contactId },
    firstMessage: { bodyText: input.description, attachments },
  });
  return { ticketNumber: created.number };
}
