import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { customerTicketsWhere } from "../../key-figures.server";
import { afterCursor, personName, ticketLink, ticketTitle, type TimelineSource } from "../timeline-source.server";

/** "Ticket created": every ticket of the customer the viewer may see, at its creation. */
export const ticketsSource: TimelineSource = {
  kind: "ticket",
  async entries({ scope, before, take, visibleTickets }) {
    const where = { AND: [await visibleTickets(), customerTicketsWhere(scope), afterCursor("ticket", "createdAt", before)] } as Prisma.TicketWhereInput;
    const tickets = await db().ticket.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take,
      select: {
        id: true,
        number: true,
        subject: true,
        status: true,
        channel: true,
        priority: true,
        type: true,
        createdAt: true,
        requester: { select: { id: true, firstName: true, lastName: true, emails: { where: { isPrimary: true }, select: { address: true }, take: 1 } } },
      },
    });
    return tickets.map((ticket) => ({
      kind: "ticket" as const,
      at: ticket.createdAt,
      id: ticket.id,
      title: ticketTitle(ticket),
      summary: "",
      link: ticketLink(ticket.number),
      actor: { kind: "contact" as const, id: ticket.requester.id, name: personName(ticket.requester, ticket.requester.emails[0]?.address ?? "") },
      meta: { status: ticket.status, channel: ticket.channel, priority: ticket.priority, type: ticket.type, number: String(ticket.number) },
    }));
  },
};
