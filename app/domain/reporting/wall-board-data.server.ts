import { contactDisplayName } from "~/domain/customers/contacts.server";
import { SLA_WARNING_MINUTES } from "~/domain/helpdesk/sla/sla.server";
import { slaStatus } from "~/domain/helpdesk/sla/sla-status";
import { waitingWhere } from "~/domain/helpdesk/ticket-queries.server";
import { unresolvedStatuses } from "~/domain/helpdesk/ticket-vocabulary";
import { db } from "~/lib/db.server";
import type { Prisma } from "~/generated/prisma/client";
import type { WallBoardData, WallBoardRow } from "~/lib/realtime/wall-board-protocol";
import type { WallBoardAccess, WallBoardScope } from "./wall-boards.server";

/** A TV shows a screenful; the count above the list says how many wait in all. */
export const WALL_BOARD_MAX_ROWS = 50;

/**
 * The customers waiting now in a board's scope: the same definition as the Support queue
 * "clients en attente" and the dashboard (unresolved ticket whose customer's last public message
 * no public answer followed), in one group or in all of them.
 */
export function wallBoardWhere(scope: WallBoardScope): Prisma.TicketWhereInput {
  return {
    AND: [{ status: { in: [...unresolvedStatuses] } }, waitingWhere(), ...(scope.groupId ? [{ groupId: scope.groupId }] : [])],
  };
}

/** The board's rows: longest waits first, with the running SLA target. No address, no message text. */
export async function loadWallBoard(board: WallBoardAccess, now = new Date()): Promise<WallBoardData> {
  const where = wallBoardWhere({ groupId: board.groupId });
  const [total, tickets] = await Promise.all([
    db().ticket.count({ where }),
    db().ticket.findMany({
      where,
      orderBy: [{ lastCustomerMessageAt: "asc" }, { number: "asc" }],
      take: WALL_BOARD_MAX_ROWS,
      select: {
        id: true,
        number: true,
        subject: true,
        status: true,
        lastCustomerMessageAt: true,
        firstResponseDueAt: true,
        firstRespondedAt: true,
        resolutionDueAt: true,
        solvedAt: true,
        slaPausedSince: true,
        requester: { select: { firstName: true, lastName: true } },
        company: { select: { name: true } },
        group: { select: { name: true } },
      },
    }),
  ]);
  const rows = tickets.map((ticket): WallBoardRow => {
    const sla = slaStatus(ticket, now, SLA_WARNING_MINUTES);
    return {
      ticketId: ticket.id,
      number: ticket.number,
      subject: ticket.subject,
      customerName: contactDisplayName(ticket.requester),
      companyName: ticket.company?.name ?? null,
      groupName: ticket.group?.name ?? null,
      waitingSince: (ticket.lastCustomerMessageAt ?? now).toISOString(),
      sla: sla.target && sla.dueAt ? { target: sla.target, dueAt: sla.dueAt.toISOString(), paused: sla.state === "paused" } : null,
    };
  });
  return {
    board: { name: board.name, groupName: board.groupName },
    total,
    rows,
    generatedAt: now.toISOString(),
    warningMinutes: SLA_WARNING_MINUTES,
  };
}
