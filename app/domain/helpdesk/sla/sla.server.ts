/**
 * Applies the SLA to tickets: which policy holds (a company's own targets win over the
 * workspace's), the due dates at creation, the pause while the ticket waits on the customer,
 * the recomputation when the priority or the company moves the ticket to another policy, and
 * the deadline scan that announces warnings and breaches once.
 *
 * The calculations are pure (business-calendar.ts, sla-clock.ts); this file does the I/O.
 */
import { transactionWithEvents } from "~/domain/event-store.server";
import type { PrismaClient } from "~/generated/prisma/client";
import { db, type TransactionClient } from "~/lib/db.server";
import { contractInForceWhere } from "~/domain/sales/contract-status";
import { recordTicketEvent } from "../ticket-events.server";
import { unresolvedStatuses } from "../ticket-vocabulary";
import type { BusinessCalendar } from "./business-calendar";
import { advanceSlaClock, slaDueDates } from "./sla-clock";
import { parseStoredCalendar, SLA_CALENDAR_SETTING } from "./sla-settings";
import type { SlaTarget } from "./sla-status";

type Client = TransactionClient | PrismaClient;

/** The workspace's business calendar (Setting "sla.calendar"), or the default Mon–Fri 08:30–12:30 / 13:30–18:00. */
export async function loadBusinessCalendar(client: Client = db()): Promise<BusinessCalendar> {
  const setting = await client.setting.findUnique({ where: { key: SLA_CALENDAR_SETTING }, select: { value: true } });
  return parseStoredCalendar(setting?.value);
}

export type ResolvedSlaPolicy = { id: string; companyId: string | null; firstResponseMinutes: number; resolutionMinutes: number };

/**
 * The active policy for a priority at a moment: the company's own if it has one, else the
 * workspace's; null when the priority has no SLA. A company policy that comes with a maintenance
 * contract holds only while the contract is in force (app/domain/sales/contract-status.ts).
 */
export async function resolveSlaPolicy(client: Client, input: { priority: string; companyId: string | null; at?: Date }): Promise<ResolvedSlaPolicy | null> {
  const companyPolicy = input.companyId
    ? { companyId: input.companyId, OR: [{ contractId: null }, { contract: contractInForceWhere(input.at ?? new Date()) }] }
    : null;
  const candidates = await client.slaPolicy.findMany({
    where: { priority: input.priority, active: true, OR: companyPolicy ? [companyPolicy, { companyId: null }] : [{ companyId: null }] },
    select: { id: true, companyId: true, firstResponseMinutes: true, resolutionMinutes: true },
    orderBy: { createdAt: "asc" },
  });
  return (input.companyId ? candidates.find((policy) => policy.companyId === input.companyId) : undefined) ?? candidates.find((policy) => policy.companyId === null) ?? null;
}

/** The SLA fields of a ticket being created (policy and due dates), to spread into its data. */
export async function initialSlaFields(tx: TransactionClient, input: { priority: string; companyId: string | null; createdAt: Date }) {
  const [policy, calendar] = await Promise.all([resolveSlaPolicy(tx, { ...input, at: input.createdAt }), loadBusinessCalendar(tx)]);
  return { slaPolicyId: policy?.id ?? null, ...slaDueDates({ createdAt: input.createdAt, targets: policy }, calendar) };
}

/**
 * Brings a ticket's SLA in line with its current state, inside the caller's transaction, after
 * the caller changed its status, priority or company:
 * - status now "pending customer": the resolution clock pauses (slaPausedSince = now);
 * - status no longer "pending customer": the business minutes waited are added to
 *   slaPausedMinutes and the resolution due date moves by as much;
 * - another policy applies (priority or company changed): both due dates are recomputed from
 *   the creation date with the new targets.
 * Moved targets are recorded in the history (TicketEvent "sla"). Returns true when they moved.
 */
export async function syncSlaInTransaction(tx: TransactionClient, input: { ticketId: string; actorId: string | null; now?: Date }): Promise<boolean> {
  const now = input.now ?? new Date();
  const ticket = await tx.ticket.findUnique({
    where: { id: input.ticketId },
    select: {
      id: true,
      status: true,
      priority: true,
      companyId: true,
      slaPolicyId: true,
      createdAt: true,
      firstResponseDueAt: true,
      resolutionDueAt: true,
      slaPausedSince: true,
      slaPausedMinutes: true,
    },
  });
  if (!ticket) return false;
  const [policy, calendar] = await Promise.all([resolveSlaPolicy(tx, { ...ticket, at: now }), loadBusinessCalendar(tx)]);
  const policyChanged = (policy?.id ?? null) !== ticket.slaPolicyId;
  const { changes, reason, pausedMinutesAdded } = advanceSlaClock(ticket, { targets: policy, policyChanged, now }, calendar);
  const data = { ...changes, ...(policyChanged ? { slaPolicyId: policy?.id ?? null } : {}) };
  if (Object.keys(data).length === 0) return false;
  await tx.ticket.update({ where: { id: ticket.id }, data });
  if (!reason) return false;
  await recordTicketEvent(tx, {
    ticketId: ticket.id,
    actorId: input.actorId,
    kind: "sla",
    at: now,
    data: {
      reason,
      policyId: policy?.id ?? null,
      pausedMinutesAdded,
      from: { firstResponseDueAt: ticket.firstResponseDueAt?.toISOString() ?? null, resolutionDueAt: ticket.resolutionDueAt?.toISOString() ?? null },
      to: {
        firstResponseDueAt: ("firstResponseDueAt" in changes ? changes.firstResponseDueAt : ticket.firstResponseDueAt)?.toISOString() ?? null,
        resolutionDueAt: ("resolutionDueAt" in changes ? changes.resolutionDueAt : ticket.resolutionDueAt)?.toISOString() ?? null,
      },
    },
  });
  return true;
}

// ───────────────────────────── deadline scan ─────────────────────────────

/** How close to a due date a target counts as "at risk" (the same default as the lists' badge, sla-status.ts). */
export const SLA_WARNING_MINUTES = 60;

export type SlaAnnouncement = { ticketId: string; target: SlaTarget; level: "warning" | "breached"; dueAt: Date };

/** What the history holds about announcements: { announced: "warning" | "breached", target, dueAt }. */
function announcementKey(ticketId: string, target: string, level: string, dueAt: string) {
  return `${ticketId}|${target}|${level}|${dueAt}`;
}

/**
 * Finds targets that came within `warningMinutes` of their due date or went past it, and
 * announces each (ticket, target, due date, level) once: recorded in the ticket's history
 * (TicketEvent "sla" with { announced, target, dueAt }), then emitted as "sla.warning" or
 * "sla.breached" after commit. A due date that moves (priority change, resumed pause) can be
 * announced again. A paused resolution clock is never announced.
 */
export async function announceSlaDeadlines(now: Date = new Date(), warningMinutes = SLA_WARNING_MINUTES): Promise<SlaAnnouncement[]> {
  const horizon = new Date(now.getTime() + warningMinutes * 60_000);
  const tickets = await db().ticket.findMany({
    where: {
      status: { in: [...unresolvedStatuses] },
      mergedIntoId: null,
      OR: [
        { firstRespondedAt: null, firstResponseDueAt: { not: null, lte: horizon } },
        { solvedAt: null, slaPausedSince: null, resolutionDueAt: { not: null, lte: horizon } },
      ],
    },
    select: { id: true, firstResponseDueAt: true, firstRespondedAt: true, resolutionDueAt: true, solvedAt: true, slaPausedSince: true },
    take: 5000,
  });
  if (tickets.length === 0) return [];

  const history = await db().ticketEvent.findMany({ where: { ticketId: { in: tickets.map((ticket) => ticket.id) }, kind: "sla" }, select: { ticketId: true, data: true } });
  const announced = new Set<string>();
  for (const entry of history) {
    const data = safeJson(entry.data);
    if (typeof data.announced === "string" && typeof data.target === "string" && typeof data.dueAt === "string") {
      announced.add(announcementKey(entry.ticketId, data.target, data.announced, data.dueAt));
    }
  }

  const due: SlaAnnouncement[] = [];
  for (const ticket of tickets) {
    const targets: Array<[SlaTarget, Date | null]> = [
      ["first_response", ticket.firstRespondedAt ? null : ticket.firstResponseDueAt],
      ["resolution", ticket.solvedAt || ticket.slaPausedSince ? null : ticket.resolutionDueAt],
    ];
    for (const [target, dueAt] of targets) {
      if (!dueAt || dueAt > horizon) continue;
      const level = dueAt.getTime() < now.getTime() ? "breached" : "warning";
      const iso = dueAt.toISOString();
      if (announced.has(announcementKey(ticket.id, target, level, iso))) continue;
      if (level === "warning" && announced.has(announcementKey(ticket.id, target, "breached", iso))) continue;
      due.push({ ticketId: ticket.id, target, level, dueAt });
    }
  }
  if (due.length === 0) return [];

  await transactionWithEvents(async (tx, events) => {
    for (const announcement of due) {
      await recordTicketEvent(tx, {
        ticketId: announcement.ticketId,
        actorId: null,
        kind: "sla",
        at: now,
        data: { announced: announcement.level, target: announcement.target, dueAt: announcement.dueAt.toISOString() },
      });
      events.record(announcement.level === "breached" ? "sla.breached" : "sla.warning", {
        ticketId: announcement.ticketId,
        target: announcement.target,
        dueAt: announcement.dueAt.toISOString(),
      });
    }
  });
  return due;
}

function safeJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
