import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { customerTicketsWhere } from "../../key-figures.server";
import { ticketsByLastMessage } from "../../ticket-walk.server";
import { excerpt, type TimelineEntry } from "../timeline-entry";
import { afterCursor, personName, ticketLink, ticketTitle, type TimelineQuery } from "../timeline-source.server";

/**
 * Messages of the customer's tickets (and, for a contact, the messages they wrote on other
 * tickets they were copied on), public or internal. Shared by the "message" and "note" sources.
 *
 * A page costs what the page needs, not what the customer's history holds (a company can have
 * 35,000 messages): see docs/decisions/009-timeline-walks-tickets-by-last-message.md.
 * 1. The customer's visible tickets are walked by `lastMessageAt` (never older than any of their
 *    messages), newest first, in growing batches; each batch's newest messages after the cursor
 *    are merged into the candidates (ids and dates only). The walk stops when the page is full of
 *    messages strictly newer than the next ticket's `lastMessageAt`: no message of the tickets
 *    not walked yet can come before them.
 * 2. For a contact, the messages they wrote on any visible ticket come from the
 *    (authorContactId, visibility, createdAt, id) index, in order, and join the candidates
 *    (de-duplicated by id: they also wrote on their own tickets).
 * 3. The rows of the page are loaded once, with their attachment counts.
 */
export async function ticketMessageEntries({ scope, before, take, visibleTickets }: TimelineQuery, kind: "message" | "note"): Promise<TimelineEntry[]> {
  const visible = await visibleTickets();
  const messageWhere: Prisma.MessageWhereInput = {
    AND: [
      // An intervention report is shown by its intervention entry, not twice.
      kind === "message" ? { visibility: "public" } : { visibility: "internal", interventionId: null },
      afterCursor(kind, "createdAt", before) as Prisma.MessageWhereInput,
    ],
  };
  const [ofTickets, written] = await Promise.all([
    newestMessagesOfTickets({ AND: [visible, customerTicketsWhere(scope)] }, messageWhere, take),
    "contactId" in scope
      ? db().message.findMany({
          where: { AND: [{ authorContactId: scope.contactId }, messageWhere, { ticket: visible }] },
          orderBy: newestFirst,
          take,
          select: { id: true, createdAt: true },
        })
      : Promise.resolve([]),
  ]);
  const page = mergeNewest(ofTickets, written, take);
  return page.length > 0 ? loadEntries(page, kind) : [];
}

type MessageKey = { id: string; createdAt: Date };

const newestFirst: Prisma.MessageOrderByWithRelationInput[] = [{ createdAt: "desc" }, { id: "desc" }];

/** The order of one kind's entries in the timeline: newest first, then id descending (as `ORDER BY createdAt DESC, id DESC`). */
export function compareMessageKeys(a: MessageKey, b: MessageKey): number {
  const byTime = b.createdAt.getTime() - a.createdAt.getTime();
  if (byTime !== 0) return byTime;
  return a.id === b.id ? 0 : a.id < b.id ? 1 : -1;
}

/** The first `take` of two lists, in timeline order, each message once. */
export function mergeNewest(a: readonly MessageKey[], b: readonly MessageKey[], take: number): MessageKey[] {
  const seen = new Set<string>();
  const merged: MessageKey[] = [];
  for (const key of [...a, ...b].sort(compareMessageKeys)) {
    if (seen.has(key.id)) continue;
    seen.add(key.id);
    merged.push(key);
    if (merged.length === take) break;
  }
  return merged;
}

/**
 * The newest `take` messages (matching `messageWhere`) of the tickets matching `ticketsWhere`, as
 * ids and dates, without reading the other messages of those tickets.
 */
export async function newestMessagesOfTickets(ticketsWhere: Prisma.TicketWhereInput, messageWhere: Prisma.MessageWhereInput, take: number): Promise<MessageKey[]> {
  let candidates: MessageKey[] = [];
  for await (const { ids, nextLastMessageAt } of ticketsByLastMessage(ticketsWhere, take)) {
    if (ids.length > 0) {
      const found = await db().message.findMany({
        where: { AND: [{ ticketId: { in: ids } }, messageWhere] },
        orderBy: newestFirst,
        take,
        select: { id: true, createdAt: true },
      });
      candidates = mergeNewest(candidates, found, take);
    }
    // Every message of the tickets not walked yet is dated nextLastMessageAt or earlier, so it
    // comes after each candidate strictly newer than that: a full page of those is final.
    if (nextLastMessageAt && candidates.length >= take && candidates[take - 1].createdAt.getTime() > nextLastMessageAt.getTime()) break;
  }
  return candidates;
}

/** The page's rows, in the order of `keys`, with their attachment counts. */
async function loadEntries(keys: readonly MessageKey[], kind: "message" | "note"): Promise<TimelineEntry[]> {
  const ids = keys.map((key) => key.id);
  const [messages, attachments] = await Promise.all([
    db().message.findMany({
      where: { id: { in: ids } },
      select: {
        id: true,
        direction: true,
        bodyText: true,
        createdAt: true,
        ticket: { select: { number: true, subject: true } },
        authorUser: { select: { id: true, name: true } },
        authorContact: { select: { id: true, firstName: true, lastName: true, emails: { where: { isPrimary: true }, select: { address: true }, take: 1 } } },
      },
    }),
    // Counted for the page's messages only (a relation _count aggregates the whole table first).
    db().attachment.groupBy({ by: ["messageId"], where: { messageId: { in: ids } }, _count: { _all: true } }),
  ]);
  const byId = new Map(messages.map((message) => [message.id, message]));
  const attachmentCounts = new Map(attachments.map((row) => [row.messageId, row._count._all]));
  return keys.flatMap((key) => {
    const message = byId.get(key.id);
    if (!message) return []; // deleted between the two reads
    return [
      {
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
        meta: { direction: message.direction, attachments: String(attachmentCounts.get(message.id) ?? 0), number: String(message.ticket.number) },
      },
    ];
  });
}
