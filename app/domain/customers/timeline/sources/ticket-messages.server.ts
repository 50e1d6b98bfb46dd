import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { customerTicketsWhere } from "../../key-figures.server";
import { excerpt, type TimelineEntry } from "../timeline-entry";
import { afterCursor, personName, ticketLink, ticketTitle, type TimelineQuery } from "../timeline-source.server";

/**
 * Messages of the customer's tickets (and, for a contact, the messages they wrote on other
 * tickets they were copied on), public or internal. Shared by the "message" and "note" sources.
 */
export async function ticketMessageEntries(
  { scope, before, take, visibleTickets }: TimelineQuery,
  kind: "message" | "note",
): Promise<TimelineEntry[]> {
  const customerMessages: Prisma.MessageWhereInput =
    "contactId" in scope ? { OR: [{ ticket: customerTicketsWhere(scope) }, { authorContactId: scope.contactId }] } : { ticket: customerTicketsWhere(scope) };
  const where = {
    AND: [
      { ticket: await visibleTickets() },
      customerMessages,
      // An intervention report is shown by its intervention entry, not twice.
      kind === "message" ? { visibility: "public" } : { visibility: "internal", interventionId: null },
      afterCursor(kind, "createdAt", before),
    ],
  } as Prisma.MessageWhereInput;
  const messages = await db().message.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: {
      id: true,
      direction: true,
      bodyText: true,
      createdAt: true,
      ticket: { select: { number: true, subject: true } },
      authorUser: { select: { id: true, name: true } },
      authorContact: { select: { id: true, firstName: true, lastName: true, emails: { where: { isPrimary: true }, select: { address: true }, take: 1 } } },
      _count: { select: { attachments: true } },
    },
  });
  return messages.map((message) => ({
    kind,
    at: message.createdAt,
    id: message.id,
    title: ticketTitle(message.ticket),
    summary: excerpt(message.bodyText),
    link: ticketLink(message.ticket.number, `message-${message.id}`),
    actor: message.authorUser
      ? { kind: "user" as const, id: message.authorUser.id, name: message.authorUser.name }
      : message.authorContact
        ? { kind: "contact" as const, id: message.authorContact.id, name: personName(message.authorContact, message.authorContact.emails[0]?.address ?? "") }
        : null,
    meta: { direction: message.direction, attachments: String(message._count.attachments), number: String(message.ticket.number) },
  }));
}
