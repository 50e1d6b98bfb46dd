import { visibleTicketsWhere, type TicketViewer } from "~/domain/helpdesk/ticket-access.server";
import { waitingWhere as customersWaitingWhere } from "~/domain/helpdesk/ticket-queries.server";
import { ticketPriorities, ticketStatuses, unresolvedStatuses } from "~/domain/helpdesk/ticket-vocabulary";
import { db } from "~/lib/db.server";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The manager's service figures: who waits now, the backlog, today's intake, the week's output. */
export async function serviceKpis(viewer: TicketViewer, now = new Date()) {
  const visible = await visibleTicketsWhere(viewer);
  const startOfDay = new Date(now);
  startOfDay.setHours(0, 0, 0, 0);
  // The same "customers waiting now" as the Support queue of that name, so both say the same number.
  const waitingWhere = { AND: [visible, { status: { in: [...unresolvedStatuses] } }, customersWaitingWhere()] };
  const [waiting, oldestWaiting, backlog, createdToday, solvedThisWeek, byStatus, byPriority] = await Promise.all([
    db().ticket.count({ where: waitingWhere }),
    db().ticket.findFirst({ where: waitingWhere, orderBy: { lastCustomerMessageAt: "asc" }, select: { lastCustomerMessageAt: true } }),
    db().ticket.count({ where: { AND: [visible, { status: { in: [...unresolvedStatuses] } }] } }),
    db().ticket.count({ where: { AND: [visible, { createdAt: { gte: startOfDay } }] } }),
    db().ticket.count({ where: { AND: [visible, { solvedAt: { gte: new Date(now.getTime() - 7 * DAY_MS) } }] } }),
    db().ticket.groupBy({ by: ["status"], where: visible, _count: { _all: true } }),
    db().ticket.groupBy({ by: ["priority"], where: { AND: [visible, { status: { in: [...unresolvedStatuses] } }] }, _count: { _all: true } }),
  ]);
  const countOf = <K extends string>(rows: Array<Record<string, unknown> & { _count: { _all: number } }>, key: string, value: K) =>
    rows.find((row) => row[key] === value)?._count._all ?? 0;
  return {
    waiting,
    longestWaitSince: oldestWaiting?.lastCustomerMessageAt ?? null,
    backlog,
    createdToday,
    solvedThisWeek,
    byStatus: ticketStatuses.map((status) => ({ status, count: countOf(byStatus, "status", status) })),
    byPriority: ticketPriorities.map((priority) => ({ priority, count: countOf(byPriority, "priority", priority) })),
  };
}
