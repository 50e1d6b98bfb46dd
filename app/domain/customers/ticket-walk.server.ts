import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";

/** Tickets per batch at most: the first batch is the caller's, then four times more each time. */
const MAX_TICKET_BATCH = 1000;

export type TicketWalkBatch = {
  /** Ids of this batch's tickets, newest `lastMessageAt` first. */
  ids: string[];
  /** `lastMessageAt` of the first ticket after this batch; null when none is left. */
  nextLastMessageAt: Date | null;
};

/**
 * The tickets matching `ticketsWhere` that have messages, walked by `lastMessageAt` (never older
 * than any of their messages, kept by the database: docs/decisions/009) then id, newest first, in
 * growing batches. The caller stops when what it found is at least as recent as
 * `nextLastMessageAt`: no message of a ticket not walked yet can be newer than that.
 */
export async function* ticketsByLastMessage(ticketsWhere: Prisma.TicketWhereInput, firstBatch: number): AsyncGenerator<TicketWalkBatch> {
  let after: { id: string; lastMessageAt: Date } | null = null;
  for (let batch = firstBatch; ; batch = Math.min(batch * 4, MAX_TICKET_BATCH)) {
    const tickets: Array<{ id: string; lastMessageAt: Date | null }> = await db().ticket.findMany({
      where: {
        AND: [
          ticketsWhere,
          // A ticket without messages has none to show.
          { lastMessageAt: { not: null } },
          // (lastMessageAt, id) < after, written so that SQLite reads one index range in order
          // (an OR of two ranges makes it gather both, then sort every ticket left to walk).
          after ? { lastMessageAt: { lte: after.lastMessageAt }, OR: [{ lastMessageAt: { lt: after.lastMessageAt } }, { id: { lt: after.id } }] } : {},
        ],
      },
      orderBy: [{ lastMessageAt: "desc" }, { id: "desc" }],
      take: batch + 1,
      select: { id: true, lastMessageAt: true },
    });
    const walked = tickets.slice(0, batch);
    const next = tickets[batch]?.lastMessageAt ?? null;
    yield { ids: walked.map((ticket) => ticket.id), nextLastMessageAt: next };
    if (!next) return;
    const last = walked[walked.length - 1];
    after = { id: last.id, lastMessageAt: last.lastMessageAt! };
  }
}
