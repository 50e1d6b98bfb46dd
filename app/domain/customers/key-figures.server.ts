import type { Prisma } from "~/generated/prisma/client";
import { canReadTicket, ticketReaderFor, visibleTicketsWhere, type TicketViewer } from "~/domain/helpdesk/ticket-access.server";
import { unresolvedStatuses } from "~/domain/helpdesk/ticket-vocabulary";
import { db } from "~/lib/db.server";
import { ticketsByLastMessage } from "./ticket-walk.server";
import { customerTicketTallies } from "~/lib/sqlite-ticket-tallies.server";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whose tickets: a contact's (as requester) or a company's. */
export type CustomerScope = { contactId: string } | { companyId: string };

export function customerTicketsWhere(scope: CustomerScope): Prisma.TicketWhereInput {
  return "contactId" in scope ? { requesterId: scope.contactId } : { companyId: scope.companyId };
}

export type CustomerKeyFigures = {
  openTickets: number;
  ticketsLast90Days: number;
  /** Mean of firstRespondedAt − createdAt over the tickets that had a first response, in minutes. */
  averageFirstResponseMinutes: number | null;
  /** How many tickets that mean is made of. */
  respondedTickets: number;
  /** The last public message, from the customer or from us. */
  lastContactAt: Date | null;
};

/**
 * The figures at the top of a contact or company page, over the tickets the viewer may see:
 * someone restricted to their groups gets figures about those tickets only.
 *
 * What it costs does not grow with what it reads (the biggest company has 11,617 tickets and
 * 35,000 messages):
 * - open tickets, tickets in 90 days and the mean first response come from one statement over
 *   the customer's entries of the `Ticket_company_figures_idx` / `Ticket_requester_figures_idx`
 *   index (no ticket row is read), grouped by status, and for a viewer restricted to their groups
 *   by (status, groupId, assigneeId) too: a few hundred groups at most, kept or not by the same
 *   rule as `visibleTicketsWhere` (`canReadTicket`, as search does), then summed;
 * - the last public message walks the visible tickets by `lastMessageAt`, newest first, and stops
 *   as soon as no ticket left can hold a newer one (as the timeline does, ADR 009).
 */
export async function customerKeyFigures(viewer: TicketViewer, scope: CustomerScope, now = new Date()): Promise<CustomerKeyFigures> {
  const [reader, visible] = await Promise.all([ticketReaderFor(viewer), visibleTicketsWhere(viewer)]);
  // Someone who sees every ticket needs no split by group and assignee (a few rows instead of hundreds).
  const tallies = customerTicketTallies({
    customer: "contactId" in scope ? { column: "requesterId", id: scope.contactId } : { column: "companyId", id: scope.companyId },
    since: new Date(now.getTime() - 90 * DAY_MS),
    byPlacement: reader.access !== "any",
  });
  const [rows, lastMessage] = await Promise.all([
    tallies,
    lastPublicMessageAt({ AND: [visible, customerTicketsWhere(scope)] }),
  ]);
  let openTickets = 0;
  let ticketsLast90Days = 0;
  let respondedTickets = 0;
  let responseMs = 0;
  for (const row of rows) {
    if (!canReadTicket(reader, row)) continue;
    if ((unresolvedStatuses as readonly string[]).includes(row.status)) openTickets += row.tickets;
    ticketsLast90Days += row.recent;
    respondedTickets += row.responded;
    responseMs += row.responseMs;
  }
  return {
    openTickets,
    ticketsLast90Days,
    averageFirstResponseMinutes: respondedTickets > 0 ? Math.round(responseMs / 60_000 / respondedTickets) : null,
    respondedTickets,
    lastContactAt: lastMessage,
  };
}

/**
 * The date of the newest public message of the tickets matching `ticketsWhere`, without reading
 * all their messages (35,000 for the biggest company, sorted on every page view before): the
 * customer's tickets are walked newest activity first (ticket-walk.server.ts) until the newest
 * public message found is at least as recent as the next ticket's last message. The newest tickets
 * often end with an internal note, hence 25 tickets in the first batch.
 */
async function lastPublicMessageAt(ticketsWhere: Prisma.TicketWhereInput): Promise<Date | null> {
  let newest: Date | null = null;
  for await (const { ids, nextLastMessageAt } of ticketsByLastMessage(ticketsWhere, 25)) {
    if (ids.length > 0) {
      // An aggregate: the IN list of a findMany ordered by date costs Prisma several times more.
      const found = await db().message.aggregate({ where: { ticketId: { in: ids }, visibility: "public" }, _max: { createdAt: true } });
      const at = found._max.createdAt;
      if (at && (!newest || at > newest)) newest = at;
    }
    if (newest && nextLastMessageAt && newest.getTime() >= nextLastMessageAt.getTime()) break;
  }
  return newest;
}
