import type { Prisma } from "~/generated/prisma/client";
import { visibleTicketsWhere, type TicketViewer } from "~/domain/helpdesk/ticket-access.server";
import { unresolvedStatuses } from "~/domain/helpdesk/ticket-vocabulary";
import { accessFor } from "~/domain/identity/permissions";
import { db } from "~/lib/db.server";
import { ALERT_PRIORITIES, ALERT_TYPES, byUrgency, SERVICE_WINDOW_DAYS, serviceWarning, type ServicePanelData, type ServiceTicketRef } from "./service-history";

/**
 * The service history of a company as a sales rep should see it before calling: its open tickets
 * (the most pressing first), incidents and complaints and SLA breaches over 90 days, the latest
 * satisfaction ratings and interventions, and a warning when an urgent or high-priority incident or
 * complaint is open. Only the tickets the viewer may read count (the helpdesk's rule: a technician
 * restricted to their groups sees their groups' tickets). Null for someone who reads no tickets.
 */

const ticketRefSelect = { id: true, number: true, subject: true, priority: true, type: true, status: true, createdAt: true } as const satisfies Prisma.TicketSelect;
type TicketRow = Prisma.TicketGetPayload<{ select: typeof ticketRefSelect }>;
const ref = (ticket: TicketRow): ServiceTicketRef => ({ ...ticket, createdAt: ticket.createdAt.toISOString() });

const LIST_SIZE = 8;
const open = { status: { in: [...unresolvedStatuses] } };

export async function loadServiceHistory(viewer: TicketViewer, companyId: string, now = new Date()): Promise<ServicePanelData | null> {
  if (accessFor(viewer, "read:ticket") === null) return null;
  const visible = await visibleTicketsWhere(viewer);
  const company: Prisma.TicketWhereInput = { AND: [visible, { companyId }] };
  const since = new Date(now.getTime() - SERVICE_WINDOW_DAYS * 86_400_000);
  const fields = db().ticket.fields;
  const breached: Prisma.TicketWhereInput = {
    AND: [
      company,
      { createdAt: { gte: since } },
      {
        OR: [
          { firstResponseDueAt: { not: null }, firstRespondedAt: { gt: fields.firstResponseDueAt } },
          { firstResponseDueAt: { lt: now }, firstRespondedAt: null, ...open },
          { resolutionDueAt: { not: null }, solvedAt: { gt: fields.resolutionDueAt } },
          { resolutionDueAt: { lt: now }, solvedAt: null, slaPausedSince: null, ...open },
        ],
      },
    ],
  };
  const recentIncidents: Prisma.TicketWhereInput = { AND: [company, { createdAt: { gte: since }, type: { in: [...ALERT_TYPES] } }] };

  const [byPriority, pressing, others, incidentCount, incidents, breachCount, breaches, alerts, ratings, interventions] = await Promise.all([
    db().ticket.groupBy({ by: ["priority"], where: { AND: [company, open] }, _count: { _all: true } }),
    db().ticket.findMany({ where: { AND: [company, open, { priority: { in: [...ALERT_PRIORITIES] } }] }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: LIST_SIZE, select: ticketRefSelect }),
    db().ticket.findMany({ where: { AND: [company, open, { priority: { notIn: [...ALERT_PRIORITIES] } }] }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: LIST_SIZE, select: ticketRefSelect }),
    db().ticket.count({ where: recentIncidents }),
    db().ticket.findMany({ where: recentIncidents, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: LIST_SIZE, select: ticketRefSelect }),
    db().ticket.count({ where: breached }),
    db().ticket.findMany({
      where: breached,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: LIST_SIZE,
      select: { ...ticketRefSelect, firstResponseDueAt: true, firstRespondedAt: true, resolutionDueAt: true, solvedAt: true },
    }),
    db().ticket.findMany({
      where: { AND: [company, open, { type: { in: [...ALERT_TYPES] }, priority: { in: [...ALERT_PRIORITIES] } }] },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: 50,
      select: ticketRefSelect,
    }),
    db().satisfactionRating.findMany({
      where: { ticket: company },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 5,
      select: { rating: true, comment: true, createdAt: true, ticket: { select: { number: true, subject: true } } },
    }),
    db().intervention.findMany({
      where: { ticket: company },
      orderBy: [{ startsAt: "desc" }, { id: "desc" }],
      take: 5,
      select: { id: true, kind: true, status: true, startsAt: true, ticket: { select: { number: true } }, technician: { select: { name: true } } },
    }),
  ]);

  const openTickets = [...pressing.map(ref).sort(byUrgency), ...others.map(ref)].slice(0, LIST_SIZE);
  return {
    companyId,
    openTickets: {
      count: byPriority.reduce((sum, row) => sum + row._count._all, 0),
      byPriority: Object.fromEntries(byPriority.map((row) => [row.priority, row._count._all])),
      tickets: openTickets,
    },
    incidents: { count: incidentCount, tickets: incidents.map(ref) },
    slaBreaches: {
      count: breachCount,
      tickets: breaches.map(({ firstResponseDueAt, firstRespondedAt, resolutionDueAt, solvedAt, ...ticket }) => ({
        ...ref(ticket),
        targets: [
          ...(firstResponseDueAt && (firstRespondedAt ? firstRespondedAt > firstResponseDueAt : firstResponseDueAt < now) ? (["first_response"] as const) : []),
          ...(resolutionDueAt && (solvedAt ? solvedAt > resolutionDueAt : resolutionDueAt < now) ? (["resolution"] as const) : []),
        ],
      })),
    },
    ratings: ratings.map((rating) => ({
      ticketNumber: rating.ticket.number,
      subject: rating.ticket.subject,
      rating: rating.rating === "bad" ? "bad" : "good",
      comment: rating.comment,
      createdAt: rating.createdAt.toISOString(),
    })),
    interventions: interventions.map((intervention) => ({
      id: intervention.id,
      ticketNumber: intervention.ticket.number,
      kind: intervention.kind,
      status: intervention.status,
      startsAt: intervention.startsAt.toISOString(),
      technicianName: intervention.technician.name,
    })),
    warning: serviceWarning(alerts.map(ref), now),
  };
}
