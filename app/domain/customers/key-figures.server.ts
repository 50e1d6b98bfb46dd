import type { Prisma } from "~/generated/prisma/client";
import { visibleTicketsWhere, type TicketViewer } from "~/domain/helpdesk/ticket-access.server";
import { unresolvedStatuses } from "~/domain/helpdesk/ticket-vocabulary";
import { db } from "~/lib/db.server";

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
 */
export async function customerKeyFigures(viewer: TicketViewer, scope: CustomerScope, now = new Date()): Promise<CustomerKeyFigures> {
  const tickets: Prisma.TicketWhereInput = { AND: [await visibleTicketsWhere(viewer), customerTicketsWhere(scope)] };
  const [openTickets, ticketsLast90Days, responded, lastMessage] = await Promise.all([
    db().ticket.count({ where: { AND: [tickets, { status: { in: [...unresolvedStatuses] } }] } }),
    db().ticket.count({ where: { AND: [tickets, { createdAt: { gte: new Date(now.getTime() - 90 * DAY_MS) } }] } }),
    db().ticket.findMany({ where: { AND: [tickets, { firstRespondedAt: { not: null } }] }, select: { createdAt: true, firstRespondedAt: true } }),
    db().message.findFirst({
      where: { visibility: "public", ticket: tickets },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { createdAt: true },
    }),
  ]);
  const totalMinutes = responded.reduce((sum, ticket) => sum + (ticket.firstRespondedAt!.getTime() - ticket.createdAt.getTime()) / 60_000, 0);
  return {
    openTickets,
    ticketsLast90Days,
    averageFirstResponseMinutes: responded.length > 0 ? Math.round(totalMinutes / responded.length) : null,
    respondedTickets: responded.length,
    lastContactAt: lastMessage?.createdAt ?? null,
  };
}
