import { waitingWhere } from "~/domain/helpdesk/ticket-queries.server";
import { unresolvedStatuses } from "~/domain/helpdesk/ticket-vocabulary";
import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { type ServicePart, type ServicePartInput, serviceFigure } from "./service-common.server";

/**
 * Customers waiting now: unresolved tickets whose customer wrote last (the Support queue of that
 * name, so both say the same number), and how long the one waiting longest has waited (wall-clock
 * minutes since its last message). These are "now", not period figures: no comparison.
 */
export function customersWaitingWhere(ticketsWhere: Prisma.TicketWhereInput): Prisma.TicketWhereInput {
  return { AND: [ticketsWhere, { status: { in: [...unresolvedStatuses] } }, waitingWhere()] };
}

export async function serviceWaiting({ context, ticketsWhere }: ServicePartInput): Promise<ServicePart> {
  const where = customersWaitingWhere(ticketsWhere);
  const [waiting, longest] = await Promise.all([
    db().ticket.count({ where }),
    db().ticket.findFirst({ where, orderBy: { lastCustomerMessageAt: "asc" }, select: { lastCustomerMessageAt: true } }),
  ]);
  const since = longest?.lastCustomerMessageAt ?? null;
  const longestWait = since ? Math.max(0, Math.floor((context.now.getTime() - since.getTime()) / 60_000)) : null;
  return {
    figures: [
      serviceFigure("service.waiting", "reporting.service.waiting", { format: "count", trend: "down", drillDown: true, hint: "reporting.service.waiting.hint" }, { value: waiting, previous: null, lastYear: null }),
      serviceFigure("service.longest-wait", "reporting.service.longestWait", { format: "minutes", trend: "down", hint: "reporting.service.longestWait.hint" }, { value: longestWait, previous: null, lastYear: null }),
    ],
    charts: [],
    tables: [],
  };
}
