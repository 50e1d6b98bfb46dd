/**
 * Interventions: on-site or remote work planned on a ticket, in a technician's agenda.
 * A technician is never booked twice at the same time; the report, once written, closes the
 * intervention and goes into the ticket's thread as an internal note linked to it, so it shows
 * in the ticket and in the customer's timeline.
 */
import { DomainError } from "~/domain/errors";
import { transactionWithEvents } from "~/domain/event-store.server";
import { db, type TransactionClient } from "~/lib/db.server";
import type { Locale } from "~/lib/i18n/locales";
import { formatters, translator } from "~/lib/i18n/translate";
import type { InterventionKind } from "./intervention-schemas";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
import { addDays, fromZoned, isoDate, type LocalDate, parseClock, parseIsoDate, toZoned } from "./sla/business-calendar";
import { visibleTicketsWhere, type TicketViewer } from "./ticket-access.server";
import { recordTicketEvent } from "./ticket-events.server";
import { addAgentMessageInTransaction } from "./tickets.server";

/** The technician already has something at that time; carries what the form shows. */
export class InterventionOverlapError extends DomainError {
  constructor(readonly clash: { technicianName: string; startsAt: Date; endsAt: Date; ticketNumber: number }) {
    super("planning.intervention.overlap", "startTime");
    this.name = "InterventionOverlapError";
  }
}

export type SlotInput = { technicianId: string; date: string; startTime: string; endTime: string };

/** The slot's instants, from a local date and "HH:MM" times in Paris. */
export function slotInstants(slot: Pick<SlotInput, "date" | "startTime" | "endTime">): { startsAt: Date; endsAt: Date } {
  const date = parseIsoDate(slot.date);
  const start = parseClock(slot.startTime);
  const end = parseClock(slot.endTime);
  if (!date) throw new DomainError("planning.validation.date", "date");
  if (start === null) throw new DomainError("planning.validation.time", "startTime");
  if (end === null) throw new DomainError("planning.validation.time", "endTime");
  const startsAt = fromZoned(date, start, WORKSPACE_TIME_ZONE);
  const endsAt = fromZoned(date, end, WORKSPACE_TIME_ZONE);
  if (endsAt <= startsAt) throw new DomainError("planning.validation.endAfterStart", "endTime");
  return { startsAt, endsAt };
}

/** People who can be sent on an intervention: active technicians. */
export async function listTechnicians() {
  return db().user.findMany({ where: { role: "technician", active: true }, select: { id: true, name: true }, orderBy: { name: "asc" } });
}

async function requireTechnician(tx: TransactionClient, technicianId: string) {
  const technician = await tx.user.findUnique({ where: { id: technicianId }, select: { id: true, name: true, role: true, active: true } });
  if (!technician || !technician.active || technician.role !== "technician") throw new DomainError("planning.intervention.technicianInvalid", "technicianId");
  return technician;
}

/** Refuses a slot that overlaps another planned (or done) intervention of the same technician. */
async function assertFree(tx: TransactionClient, input: { technicianId: string; technicianName: string; startsAt: Date; endsAt: Date; exceptId?: string }) {
  const clash = await tx.intervention.findFirst({
    where: {
      technicianId: input.technicianId,
      status: { not: "cancelled" },
      startsAt: { lt: input.endsAt },
      endsAt: { gt: input.startsAt },
      ...(input.exceptId ? { id: { not: input.exceptId } } : {}),
    },
    select: { startsAt: true, endsAt: true, ticket: { select: { number: true } } },
    orderBy: { startsAt: "asc" },
  });
  if (clash) {
    throw new InterventionOverlapError({ technicianName: input.technicianName, startsAt: clash.startsAt, endsAt: clash.endsAt, ticketNumber: clash.ticket.number });
  }
}

/** The company's postal address on one line, the default place of an on-site intervention. */
export function companyAddress(company: { street: string; postalCode: string; city: string } | null | undefined): string {
  if (!company) return "";
  const town = [company.postalCode, company.city].map((part) => part.trim()).filter(Boolean).join(" ");
  return [company.street.trim(), town].filter(Boolean).join(", ");
}

export type PlanInterventionInput = SlotInput & {
  ticketId: string;
  kind: InterventionKind;
  /** Defaults to the ticket's company address for an on-site intervention. */
  address?: string;
  notes?: string;
  actorId: string;
};

export async function planIntervention(input: PlanInterventionInput): Promise<{ id: string }> {
  const { startsAt, endsAt } = slotInstants(input);
  const result = await transactionWithEvents(async (tx, events) => {
    const ticket = await tx.ticket.findUnique({
      where: { id: input.ticketId },
      select: { id: true, status: true, company: { select: { street: true, postalCode: true, city: true } } },
    });
    if (!ticket) throw new DomainError("errors.notFound");
    if (ticket.status === "closed") throw new DomainError("planning.intervention.ticketClosed");
    const technician = await requireTechnician(tx, input.technicianId);
    await assertFree(tx, { technicianId: technician.id, technicianName: technician.name, startsAt, endsAt });
    // Only an on-site intervention has a place: typed, or the company's.
    const address = input.kind === "onsite" ? (input.address ?? "").trim() || companyAddress(ticket.company) : "";
    if (input.kind === "onsite" && !address) throw new DomainError("planning.validation.addressRequired", "address");
    const intervention = await tx.intervention.create({
      data: {
        ticketId: ticket.id,
        technicianId: technician.id,
        plannedById: input.actorId,
        kind: input.kind,
        startsAt,
        endsAt,
        address,
        notes: (input.notes ?? "").trim(),
      },
      select: { id: true },
    });
    await recordTicketEvent(tx, {
      ticketId: ticket.id,
      actorId: input.actorId,
      kind: "intervention_planned",
      data: { interventionId: intervention.id, technicianId: technician.id, technicianName: technician.name, kind: input.kind, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() },
    });
    const outcome = { id: intervention.id, ticketId: ticket.id, technicianId: technician.id };
    events.record("intervention.changed", { interventionId: outcome.id, ticketId: outcome.ticketId, technicianId: outcome.technicianId, change: "planned", actorId: input.actorId });
    events.record("ticket.updated", { ticketId: outcome.ticketId, actorId: input.actorId, changes: ["interventions"] });
    return outcome;
  });
  return { id: result.id };
}

async function plannedIntervention(tx: TransactionClient, interventionId: string) {
  const intervention = await tx.intervention.findUnique({
    where: { id: interventionId },
    select: {
      id: true,
      ticketId: true,
      technicianId: true,
      kind: true,
      status: true,
      startsAt: true,
      endsAt: true,
      technician: { select: { name: true } },
    },
  });
  if (!intervention) throw new DomainError("errors.notFound");
  if (intervention.status === "done") throw new DomainError("planning.intervention.alreadyReported");
  if (intervention.status === "cancelled") throw new DomainError("planning.intervention.alreadyCancelled");
  return intervention;
}

/** Moves a planned intervention to another slot and/or technician (checked for overlaps like a new one). */
export async function rescheduleIntervention(input: SlotInput & { interventionId: string; actorId: string }): Promise<void> {
  const { startsAt, endsAt } = slotInstants(input);
  await transactionWithEvents(async (tx, events) => {
    const intervention = await plannedIntervention(tx, input.interventionId);
    const technician = await requireTechnician(tx, input.technicianId);
    await assertFree(tx, { technicianId: technician.id, technicianName: technician.name, startsAt, endsAt, exceptId: intervention.id });
    await tx.intervention.update({ where: { id: intervention.id }, data: { technicianId: technician.id, startsAt, endsAt } });
    await recordTicketEvent(tx, {
      ticketId: intervention.ticketId,
      actorId: input.actorId,
      kind: "intervention_rescheduled",
      data: {
        interventionId: intervention.id,
        from: { technicianId: intervention.technicianId, technicianName: intervention.technician.name, startsAt: intervention.startsAt.toISOString(), endsAt: intervention.endsAt.toISOString() },
        to: { technicianId: technician.id, technicianName: technician.name, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() },
      },
    });
    const outcome = { ticketId: intervention.ticketId, previousTechnicianId: intervention.technicianId, technicianId: technician.id };
    events.record("intervention.changed", { interventionId: input.interventionId, ticketId: outcome.ticketId, technicianId: outcome.technicianId, change: "rescheduled", actorId: input.actorId });
    if (outcome.previousTechnicianId !== outcome.technicianId) {
      events.record("intervention.changed", { interventionId: input.interventionId, ticketId: outcome.ticketId, technicianId: outcome.previousTechnicianId, change: "cancelled", actorId: input.actorId });
    }
    events.record("ticket.updated", { ticketId: outcome.ticketId, actorId: input.actorId, changes: ["interventions"] });
    return outcome;
  });
}

export async function cancelIntervention(input: { interventionId: string; actorId: string; reason?: string }): Promise<void> {
  await transactionWithEvents(async (tx, events) => {
    const intervention = await plannedIntervention(tx, input.interventionId);
    await tx.intervention.update({ where: { id: intervention.id }, data: { status: "cancelled" } });
    await recordTicketEvent(tx, {
      ticketId: intervention.ticketId,
      actorId: input.actorId,
      kind: "intervention_cancelled",
      data: { interventionId: intervention.id, technicianName: intervention.technician.name, startsAt: intervention.startsAt.toISOString(), reason: (input.reason ?? "").trim() },
    });
    const outcome = intervention;
    events.record("intervention.changed", { interventionId: outcome.id, ticketId: outcome.ticketId, technicianId: outcome.technicianId, change: "cancelled", actorId: input.actorId });
    events.record("ticket.updated", { ticketId: outcome.ticketId, actorId: input.actorId, changes: ["interventions"] });
    return outcome;
  });
}

/** The header of a report note: what, when, who, in the workspace's language. */
export function reportHeading(intervention: { kind: string; startsAt: Date; endsAt: Date; technicianName: string }, locale: Locale = "fr"): string {
  const t = translator(locale);
  const format = formatters(locale);
  const clock = new Intl.DateTimeFormat(locale === "fr" ? "fr-FR" : "en-GB", { hour: "2-digit", minute: "2-digit", timeZone: WORKSPACE_TIME_ZONE });
  return t("planning.report.heading", {
    kind: t(intervention.kind === "remote" ? "planning.kind.remote" : "planning.kind.onsite"),
    date: format.date(intervention.startsAt),
    start: clock.format(intervention.startsAt),
    end: clock.format(intervention.endsAt),
    technician: intervention.technicianName,
  });
}

/**
 * Writes the report: the intervention is done, and the report is posted into the ticket's
 * thread as an internal note linked to the intervention (Message.interventionId).
 */
export async function writeInterventionReport(input: { interventionId: string; report: string; actorId: string; locale?: Locale; now?: Date }): Promise<{ messageId: string }> {
  const report = input.report.trim();
  if (!report) throw new DomainError("validation.required", "report");
  const now = input.now ?? new Date();
  const result = await transactionWithEvents(async (tx, events) => {
    const intervention = await plannedIntervention(tx, input.interventionId);
    const heading = reportHeading({ ...intervention, technicianName: intervention.technician.name }, input.locale ?? "fr");
    const note = await addAgentMessageInTransaction(tx, {
      ticketId: intervention.ticketId,
      agentId: input.actorId,
      visibility: "internal",
      bodyText: `${heading}\n\n${report}`,
      createdAt: now,
    });
    await tx.message.update({ where: { id: note.messageId }, data: { interventionId: intervention.id } });
    await tx.intervention.update({ where: { id: intervention.id }, data: { status: "done", report, reportedAt: now } });
    await recordTicketEvent(tx, { ticketId: intervention.ticketId, actorId: input.actorId, kind: "intervention_reported", data: { interventionId: intervention.id, messageId: note.messageId }, at: now });
    const outcome = { ...intervention, messageId: note.messageId };
    events.record("message.added", { ticketId: outcome.ticketId, messageId: outcome.messageId, visibility: "internal", actorId: input.actorId });
    events.record("intervention.changed", { interventionId: outcome.id, ticketId: outcome.ticketId, technicianId: outcome.technicianId, change: "reported", actorId: input.actorId });
    return outcome;
  });
  return { messageId: result.messageId };
}

// ───────────────────────────── reading ─────────────────────────────

/** The interventions panel of a ticket page: its interventions, who can be sent, and the default address. */
export async function loadInterventionsPanel(ticketId: string) {
  const [ticket, technicians] = await Promise.all([
    db().ticket.findUnique({
      where: { id: ticketId },
      select: {
        status: true,
        company: { select: { street: true, postalCode: true, city: true } },
        interventions: {
          select: {
            id: true,
            kind: true,
            status: true,
            startsAt: true,
            endsAt: true,
            address: true,
            notes: true,
            report: true,
            reportedAt: true,
            technician: { select: { id: true, name: true } },
            plannedBy: { select: { name: true } },
            reportMessage: { select: { id: true } },
          },
          orderBy: { startsAt: "asc" },
        },
      },
    }),
    listTechnicians(),
  ]);
  if (!ticket) return null;
  return {
    interventions: ticket.interventions.map(({ reportMessage, ...intervention }) => ({ ...intervention, reportMessageId: reportMessage?.id ?? null })),
    technicians,
    defaultAddress: companyAddress(ticket.company),
    canPlan: ticket.status !== "closed",
    /** Today in Paris, the plan form's default date. */
    today: isoDate(toZoned(new Date(), WORKSPACE_TIME_ZONE).date),
  };
}
export type InterventionsPanelData = NonNullable<Awaited<ReturnType<typeof loadInterventionsPanel>>>;

/**
 * A technician's week: interventions from Monday 00:00 to the next Monday 00:00, Paris time.
 * Interventions on tickets the viewer may not see keep their slot but lose their details.
 */
export async function agendaWeek(input: { technicianId: string; monday: LocalDate; viewer: TicketViewer }) {
  const from = fromZoned(input.monday, 0, WORKSPACE_TIME_ZONE);
  const to = fromZoned(addDays(input.monday, 7), 0, WORKSPACE_TIME_ZONE);
  const visible = await visibleTicketsWhere(input.viewer);
  const rows = await db().intervention.findMany({
    where: { technicianId: input.technicianId, status: { not: "cancelled" }, startsAt: { lt: to }, endsAt: { gt: from } },
    select: {
      id: true,
      kind: true,
      status: true,
      startsAt: true,
      endsAt: true,
      address: true,
      ticket: { select: { id: true, number: true, subject: true, company: { select: { name: true } } } },
    },
    orderBy: { startsAt: "asc" },
  });
  const visibleIds = new Set(
    (await db().ticket.findMany({ where: { AND: [visible, { id: { in: rows.map((row) => row.ticket.id) } }] }, select: { id: true } })).map((ticket) => ticket.id),
  );
  return rows.map((row) =>
    visibleIds.has(row.ticket.id)
      ? { id: row.id, visible: true as const, kind: row.kind, status: row.status, startsAt: row.startsAt, endsAt: row.endsAt, address: row.address, ticket: { number: row.ticket.number, subject: row.ticket.subject, companyName: row.ticket.company?.name ?? null } }
      : { id: row.id, visible: false as const, kind: row.kind, status: row.status, startsAt: row.startsAt, endsAt: row.endsAt, address: "", ticket: null },
  );
}

/** One intervention with its ticket, for its own page; null when missing or on a ticket the viewer may not see. */
export async function getIntervention(interventionId: string, viewer: TicketViewer) {
  const visible = await visibleTicketsWhere(viewer);
  return db().intervention.findFirst({
    where: { id: interventionId, ticket: visible },
    select: {
      id: true,
      kind: true,
      status: true,
      startsAt: true,
      endsAt: true,
      address: true,
      notes: true,
      report: true,
      reportedAt: true,
      technician: { select: { id: true, name: true } },
      plannedBy: { select: { name: true } },
      ticket: { select: { id: true, number: true, subject: true, status: true, company: { select: { name: true } }, requester: { select: { firstName: true, lastName: true, phone: true } } } },
    },
  });
}

/** The ticket behind a number, if the viewer may see it (routes 404 otherwise). */
export async function findVisibleTicketByNumber(number: number, viewer: TicketViewer) {
  if (!Number.isInteger(number) || number <= 0) return null;
  const visible = await visibleTicketsWhere(viewer);
  return db().ticket.findFirst({ where: { AND: [visible, { number }] }, select: { id: true, number: true } });
}

/** True when the intervention belongs to the ticket (forms post an intervention id next to a ticket number). */
export async function interventionBelongsTo(interventionId: string, ticketId: string): Promise<boolean> {
  return (await db().intervention.count({ where: { id: interventionId, ticketId } })) === 1;
}
