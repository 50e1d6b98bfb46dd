import type { Prisma } from "~/generated/prisma/client";
import { formatClock, isoDate, toZoned } from "~/domain/helpdesk/sla/business-calendar";
import { visibleTicketsWhere } from "~/domain/helpdesk/ticket-access.server";
import { db } from "~/lib/db.server";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
import { contactName } from "./activity-queries.server";
import { canActOnOwned, ownedRecordsWhere, type SalesViewer } from "./sales-access";
import { visitReportsWhere } from "./visit-report-commands.server";

/** Reading visit reports under the sales record rule (the author is the owner). */

const reportViewSelect = {
  id: true,
  visitedAt: true,
  attendees: true,
  objectives: true,
  discussion: true,
  outcome: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  author: { select: { id: true, name: true } },
  company: { select: { id: true, name: true } },
  contact: { select: { id: true, firstName: true, lastName: true } },
  deal: { select: { id: true, title: true, ownerId: true } },
  activity: { select: { id: true, subject: true, startsAt: true, endsAt: true, ownerId: true } },
  nextSteps: {
    orderBy: { position: "asc" },
    select: { id: true, position: true, text: true, dueDate: true, task: { select: { id: true, subject: true, doneAt: true, startsAt: true } } },
  },
  tickets: { select: { ticket: { select: { id: true, number: true, subject: true, status: true, priority: true } } } },
} as const satisfies Prisma.VisitReportSelect;

const localDate = (instant: Date) => isoDate(toZoned(instant, WORKSPACE_TIME_ZONE).date);

/** A report as its page shows it, with what the viewer may do; null when missing or not theirs to read. */
export async function getVisitReportView(viewer: SalesViewer, reportId: string) {
  const where = visitReportsWhere(viewer, "read");
  if (!where || !reportId) return null;
  const report = await db().visitReport.findFirst({ where: { id: reportId, ...where }, select: reportViewSelect });
  if (!report) return null;
  const readsAll = !where.authorId;
  const visible = await visibleTicketsWhere(viewer);
  const ticketIds = report.tickets.map((link) => link.ticket.id);
  const readableTickets = new Set(
    ticketIds.length === 0 ? [] : (await db().ticket.findMany({ where: { AND: [{ id: { in: ticketIds } }, visible] }, select: { id: true } })).map((ticket) => ticket.id),
  );
  const { deal, activity, contact, tickets, nextSteps, ...rest } = report;
  const local = toZoned(report.visitedAt, WORKSPACE_TIME_ZONE);
  return {
    ...rest,
    contact: contact ? { id: contact.id, name: contactName(contact) } : null,
    deal: deal && (readsAll || deal.ownerId === viewer.id) ? { id: deal.id, title: deal.title } : null,
    appointment: activity && (readsAll || activity.ownerId === viewer.id) ? { id: activity.id, subject: activity.subject, startsAt: activity.startsAt, endsAt: activity.endsAt } : null,
    tickets: tickets.map((link) => link.ticket).filter((ticket) => readableTickets.has(ticket.id)),
    nextSteps: nextSteps.map((step) => ({ ...step, dueDay: step.dueDate ? localDate(step.dueDate) : null })),
    form: { date: isoDate(local.date), time: formatClock(local.minutes) },
    canChange: canActOnOwned(viewer, report.author.id, "update"),
  };
}
export type VisitReportView = NonNullable<Awaited<ReturnType<typeof getVisitReportView>>>;

/** The report's id and version when the viewer may read (or change) it; null otherwise. */
export async function findVisitReportForViewer(viewer: SalesViewer, reportId: string, action: "read" | "update" = "read") {
  const where = visitReportsWhere(viewer, action);
  if (!where || !reportId) return null;
  return db().visitReport.findFirst({ where: { id: reportId, ...where }, select: { id: true, version: true } });
}

/** The report of an appointment, if it has one and the viewer may read it. */
export async function reportOfAppointment(viewer: SalesViewer, activityId: string): Promise<string | null> {
  const where = visitReportsWhere(viewer, "read");
  if (!where) return null;
  return (await db().visitReport.findFirst({ where: { activityId, ...where }, select: { id: true } }))?.id ?? null;
}

/**
 * What a new report starts from: the appointment it reports (its company, contact, deal, day
 * and the person met), or a company, or a deal. Records the viewer may not read are dropped.
 */
export async function newVisitReportDefaults(
  viewer: SalesViewer,
  asked: { activityId: string | null; companyId: string | null; dealId: string | null },
  now: Date,
) {
  const owned = ownedRecordsWhere(viewer, "update");
  const appointment =
    asked.activityId && owned
      ? await db().activity.findFirst({
          where: { id: asked.activityId, kind: "appointment", ...owned },
          select: { id: true, subject: true, startsAt: true, companyId: true, contactId: true, dealId: true, ticketId: true, contact: { select: { firstName: true, lastName: true, jobTitle: true } } },
        })
      : null;
  const readable = ownedRecordsWhere(viewer, "read");
  const dealId = appointment?.dealId ?? asked.dealId;
  const deal = dealId && readable ? await db().deal.findFirst({ where: { id: dealId, ...readable }, select: { id: true, companyId: true, contactId: true } }) : null;
  const companyId = appointment?.companyId ?? deal?.companyId ?? asked.companyId;
  const company = companyId ? await db().company.findUnique({ where: { id: companyId }, select: { id: true, name: true } }) : null;
  const at = toZoned(appointment?.startsAt ?? now, WORKSPACE_TIME_ZONE);
  const attendee = appointment?.contact ? [contactName(appointment.contact), appointment.contact.jobTitle].filter(Boolean).join(", ") : "";
  return {
    appointment: appointment ? { id: appointment.id, subject: appointment.subject, startsAt: appointment.startsAt } : null,
    companyId: company?.id ?? null,
    companyName: company?.name ?? "",
    contactId: appointment?.contactId ?? deal?.contactId ?? null,
    dealId: deal && (!company || deal.companyId === company.id) ? deal.id : null,
    date: isoDate(at.date),
    time: formatClock(at.minutes),
    attendees: attendee,
    objectives: appointment?.subject ?? "",
    ticketIds: appointment?.ticketId ? [appointment.ticketId] : [],
  };
}

/**
 * The visit reports that discussed a ticket, newest first, for its page: null when the viewer
 * reads no sales records; a rep sees their own reports, managers and support all of them.
 */
export async function visitReportsOnTicket(viewer: SalesViewer, ticketId: string) {
  const where = visitReportsWhere(viewer, "read");
  if (!where) return null;
  const reports = await db().visitReport.findMany({
    where: { ...where, tickets: { some: { ticketId } } },
    orderBy: [{ visitedAt: "desc" }, { id: "desc" }],
    take: 20,
    select: { id: true, visitedAt: true, objectives: true, outcome: true, attendees: true, author: { select: { name: true } }, company: { select: { name: true } } },
  });
  return reports.map((report) => ({ ...report, author: report.author.name, company: report.company.name }));
}
export type TicketVisitReport = NonNullable<Awaited<ReturnType<typeof visitReportsOnTicket>>>[number];
