import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { visibleTicketsWhere, type TicketViewer } from "./ticket-access.server";
import { unresolvedStatuses } from "./ticket-vocabulary";

import { queueViews, type QueueView } from "./queue-views";

function queueWhere(view: QueueView, viewer: TicketViewer): Prisma.TicketWhereInput {
  const unresolved: Prisma.TicketWhereInput = { status: { in: [...unresolvedStatuses] } };
  switch (view) {
    case "open":
      return unresolved;
    case "unassigned":
      return { ...unresolved, assigneeId: null };
    case "mine":
      return { ...unresolved, assigneeId: viewer.id };
    case "waiting":
      // The customer wrote last and nobody has answered publicly since.
      return {
        status: { in: ["new", "open"] },
        lastCustomerMessageAt: { not: null },
        OR: [{ lastAgentReplyAt: null }, { lastAgentReplyAt: { lt: db().ticket.fields.lastCustomerMessageAt } }],
      };
  }
}

/** One page of a queue, with the fields the list shows; the waiting view is oldest wait first. */
export async function listQueue(viewer: TicketViewer, view: QueueView, take = 50) {
  const where: Prisma.TicketWhereInput = { AND: [await visibleTicketsWhere(viewer), queueWhere(view, viewer)] };
  const orderBy: Prisma.TicketOrderByWithRelationInput[] =
    view === "waiting" ? [{ lastCustomerMessageAt: "asc" }] : [{ updatedAt: "desc" }];
  const [tickets, total] = await Promise.all([
    db().ticket.findMany({
      where,
      orderBy,
      take,
      select: {
        id: true,
        number: true,
        subject: true,
        status: true,
        priority: true,
        updatedAt: true,
        lastCustomerMessageAt: true,
        requester: { select: { firstName: true, lastName: true } },
        company: { select: { name: true } },
        assignee: { select: { name: true } },
      },
    }),
    db().ticket.count({ where }),
  ]);
  return { tickets, total };
}

/** Counters for the queue tabs. */
export async function queueCounts(viewer: TicketViewer): Promise<Record<QueueView, number>> {
  const visible = await visibleTicketsWhere(viewer);
  const entries = await Promise.all(
    queueViews.map(async (view) => [view, await db().ticket.count({ where: { AND: [visible, queueWhere(view, viewer)] } })] as const),
  );
  return Object.fromEntries(entries) as Record<QueueView, number>;
}
