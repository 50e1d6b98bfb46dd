import { DomainError } from "~/domain/errors";
import { transactionWithEvents } from "~/domain/event-store.server";
import { fromZoned, parseClock, parseIsoDate, toZoned } from "~/domain/helpdesk/sla/business-calendar";
import { visibleTicketsWhere } from "~/domain/helpdesk/ticket-access.server";
import { db, type TransactionClient } from "~/lib/db.server";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
import { createActivityInTransaction } from "./activity-records.server";
import type { VisitReportForm } from "./visit-report-schemas";
import { ownedRecordsWhere, type SalesViewer } from "./sales-access";
import { checkSalesLinks } from "./sales-links.server";

/**
 * Writing visit reports (comptes rendus de visite). A report belongs to its author: the sales
 * record rule reads "owner" as the author (a rep writes and reads their own, managers all,
 * support reads). A report may report one appointment (one report per appointment), which
 * writing it marks done; its next steps become the author's tasks in one click, once each.
 */

export class VisitReportConflictError extends DomainError {
  constructor() {
    super("sales.visit.conflict");
    this.name = "VisitReportConflictError";
  }
}

export class VisitReportNotFoundError extends Error {
  constructor() {
    super("Visit report not found");
    this.name = "VisitReportNotFoundError";
  }
}

/** The appointment already has its report: `reportId` is where to go. */
export class AppointmentAlreadyReportedError extends DomainError {
  constructor(readonly reportId: string) {
    super("sales.visit.alreadyReported", "activityId");
    this.name = "AppointmentAlreadyReportedError";
  }
}

/** The sales record rule for visit reports: the owner is the author. */
export function visitReportsWhere(viewer: SalesViewer, action: "read" | "update" | "create"): { authorId?: string } | null {
  const owned = ownedRecordsWhere(viewer, action);
  if (owned === null) return null;
  return owned.ownerId ? { authorId: owned.ownerId } : {};
}

const visitedAtOf = (form: Pick<VisitReportForm, "date" | "time">) => fromZoned(parseIsoDate(form.date)!, parseClock(form.time) ?? 0, WORKSPACE_TIME_ZONE);
/** A next step's due day, kept at local noon (a plain day, far from both midnights). */
const dueDayOf = (date: string | null) => (date ? fromZoned(parseIsoDate(date)!, 12 * 60, WORKSPACE_TIME_ZONE) : null);

/** The tickets discussed: the company's, readable by the viewer (those already on the report stay). */
async function checkReportTickets(viewer: SalesViewer, companyId: string, ticketIds: string[], alreadyLinked: string[] = []): Promise<string[]> {
  const toCheck = ticketIds.filter((id) => !alreadyLinked.includes(id));
  if (toCheck.length === 0) return ticketIds;
  const found = await db().ticket.findMany({ where: { AND: [{ id: { in: toCheck }, companyId }, await visibleTicketsWhere(viewer)] }, select: { id: true } });
  if (found.length !== toCheck.length) throw new DomainError("sales.visit.ticketNotFound", "ticketIds");
  return ticketIds;
}

async function checkedLinks(viewer: SalesViewer, form: VisitReportForm, unchangedDealId?: string | null) {
  const links = await checkSalesLinks(viewer, { companyId: form.companyId, contactId: form.contactId, dealId: form.dealId, ticketId: null }, { dealId: unchangedDealId ?? undefined });
  if (!links.companyId) throw new DomainError("validation.required", "companyId");
  return { companyId: links.companyId, contactId: links.contactId, dealId: links.dealId };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

/** Writes a report; reporting an appointment marks it done. */
export async function createVisitReport(input: { viewer: SalesViewer; form: VisitReportForm; now?: Date }): Promise<{ reportId: string }> {
  const { viewer, form } = input;
  const now = input.now ?? new Date();
  if (ownedRecordsWhere(viewer, "create") === null) throw new DomainError("sales.activity.notAllowed");
  let appointment: { id: string; ownerId: string; companyId: string | null; doneAt: Date | null } | null = null;
  if (form.activityId) {
    const owned = ownedRecordsWhere(viewer, "update") ?? { id: { in: [] } };
    appointment = await db().activity.findFirst({ where: { id: form.activityId, kind: "appointment", ...owned }, select: { id: true, ownerId: true, companyId: true, doneAt: true } });
    if (!appointment) throw new DomainError("sales.visit.appointmentNotFound", "activityId");
    const existing = await db().visitReport.findUnique({ where: { activityId: appointment.id }, select: { id: true } });
    if (existing) throw new AppointmentAlreadyReportedError(existing.id);
  }
  const links = await checkedLinks(viewer, form);
  if (appointment?.companyId && appointment.companyId !== links.companyId) throw new DomainError("sales.visit.appointmentOtherCompany", "companyId");
  const ticketIds = await checkReportTickets(viewer, links.companyId, form.ticketIds);

  let reportId: string;
  try {
    reportId = await transactionWithEvents(async (tx, events) => {
      const report = await tx.visitReport.create({
        data: {
          companyId: links.companyId,
          contactId: links.contactId,
          dealId: links.dealId,
          activityId: appointment?.id ?? null,
          authorId: viewer.id,
          visitedAt: visitedAtOf(form),
          attendees: form.attendees,
          objectives: form.objectives,
          discussion: form.discussion,
          outcome: form.outcome,
          nextSteps: { create: form.nextSteps.map((step, position) => ({ position, text: step.text, dueDate: dueDayOf(step.dueDate) })) },
          tickets: { create: ticketIds.map((ticketId) => ({ ticketId })) },
        },
        select: { id: true },
      });
      events.record("visit_report.saved", { reportId: report.id, authorId: viewer.id, companyId: links.companyId, ticketIds, actorId: viewer.id, created: true });
      if (appointment && !appointment.doneAt) {
        const done = await tx.activity.updateMany({ where: { id: appointment.id, doneAt: null }, data: { doneAt: now, version: { increment: 1 } } });
        if (done.count > 0) events.record("activity.saved", { activityId: appointment.id, ownerId: appointment.ownerId, actorId: viewer.id, change: "done" });
      }
      return report.id;
    });
  } catch (error) {
    if (appointment && isUniqueViolation(error)) {
      const existing = await db().visitReport.findUnique({ where: { activityId: appointment.id }, select: { id: true } });
      if (existing) throw new AppointmentAlreadyReportedError(existing.id);
    }
    throw error;
  }
  return { reportId };
}

/**
 * Changes a report on the version its form loaded. Next steps are matched by id: a row kept
 * keeps its task, a removed row goes (its task stays on the agenda), a new row is added.
 */
export async function updateVisitReport(input: { viewer: SalesViewer; reportId: string; form: VisitReportForm; version: number }): Promise<void> {
  const { viewer, form } = input;
  const where = visitReportsWhere(viewer, "update");
  const current = where
    ? await db().visitReport.findFirst({
        where: { id: input.reportId, ...where },
        select: { id: true, authorId: true, dealId: true, nextSteps: { select: { id: true } }, tickets: { select: { ticketId: true } } },
      })
    : null;
  if (!current) throw new VisitReportNotFoundError();
  const links = await checkedLinks(viewer, form, current.dealId);
  const linkedTickets = current.tickets.map((link) => link.ticketId);
  const ticketIds = await checkReportTickets(viewer, links.companyId, form.ticketIds, linkedTickets);
  const knownSteps = new Set(current.nextSteps.map((step) => step.id));
  const keptSteps = new Set(form.nextSteps.flatMap((step) => (step.id && knownSteps.has(step.id) ? [step.id] : [])));

  await transactionWithEvents(async (tx, events) => {
    const { count } = await tx.visitReport.updateMany({
      where: { id: current.id, version: input.version },
      data: {
        ...links,
        visitedAt: visitedAtOf(form),
        attendees: form.attendees,
        objectives: form.objectives,
        discussion: form.discussion,
        outcome: form.outcome,
        version: { increment: 1 },
      },
    });
    if (count === 0) throw new VisitReportConflictError();
    await tx.visitReportTicket.deleteMany({ where: { reportId: current.id, ticketId: { notIn: ticketIds } } });
    const added = ticketIds.filter((id) => !linkedTickets.includes(id));
    if (added.length > 0) await tx.visitReportTicket.createMany({ data: added.map((ticketId) => ({ reportId: current.id, ticketId })) });
    await tx.visitReportNextStep.deleteMany({ where: { reportId: current.id, id: { notIn: [...keptSteps] } } });
    for (const [position, step] of form.nextSteps.entries()) {
      const data = { position, text: step.text, dueDate: dueDayOf(step.dueDate) };
      if (step.id && keptSteps.has(step.id)) await tx.visitReportNextStep.update({ where: { id: step.id }, data });
      else await tx.visitReportNextStep.create({ data: { ...data, reportId: current.id } });
    }
    events.record("visit_report.saved", { reportId: current.id, authorId: current.authorId, companyId: links.companyId, ticketIds, actorId: viewer.id, created: false });
  });
}

class StepTakenError extends Error {}

/**
 * "Créer la tâche": the next step becomes a task of the report's author, due on the step's day
 * ("in the day"; today when the step has no date), linked to the report's company, contact and
 * deal. Once: a second click (or two at once) finds the task already made and returns it.
 */
export async function createTaskFromNextStep(input: { viewer: SalesViewer; reportId: string; stepId: string; now?: Date }): Promise<{ taskId: string; created: boolean }> {
  const { viewer } = input;
  const where = visitReportsWhere(viewer, "update");
  const report = where
    ? await db().visitReport.findFirst({
        where: { id: input.reportId, ...where },
        select: { id: true, authorId: true, companyId: true, contactId: true, dealId: true, nextSteps: { where: { id: input.stepId }, select: { id: true, text: true, dueDate: true, taskId: true } } },
      })
    : null;
  const step = report?.nextSteps[0];
  if (!report || !step) throw new VisitReportNotFoundError();
  if (step.taskId) return { taskId: step.taskId, created: false };

  const dueDay = toZoned(step.dueDate ?? input.now ?? new Date(), WORKSPACE_TIME_ZONE).date;
  try {
    const taskId = await transactionWithEvents(async (tx: TransactionClient, events) => {
      const { activityId } = await createActivityInTransaction(tx, {
        kind: "task",
        subject: step.text.slice(0, 200),
        ownerId: report.authorId,
        startsAt: fromZoned(dueDay, 0, WORKSPACE_TIME_ZONE),
        companyId: report.companyId,
        contactId: report.contactId,
        dealId: report.dealId,
        createdById: viewer.id,
      });
      const claimed = await tx.visitReportNextStep.updateMany({ where: { id: step.id, taskId: null }, data: { taskId: activityId } });
      if (claimed.count === 0) throw new StepTakenError();
      events.record("activity.saved", { activityId, ownerId: report.authorId, actorId: viewer.id, change: "created" });
      return activityId;
    });
    return { taskId, created: true };
  } catch (error) {
    if (!(error instanceof StepTakenError) && !isUniqueViolation(error)) throw error;
    const taken = await db().visitReportNextStep.findUnique({ where: { id: step.id }, select: { taskId: true } });
    if (!taken?.taskId) throw error;
    return { taskId: taken.taskId, created: false };
  }
}
