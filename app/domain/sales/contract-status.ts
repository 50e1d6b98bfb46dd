import { addDays, fromZoned } from "~/domain/helpdesk/sla/business-calendar";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
import { dayHasPassed, startOfWorkspaceDay, workspaceDay, workspaceMidnight } from "./document-dates";

/**
 * Maintenance contracts: their state and when they cover the company, one set of rules for the
 * lists, the contract page, the company page and the SLA (sla.server.ts asks contractInForceWhere).
 *
 * Dates are workspace days (document-dates.ts). A contract is IN FORCE at a moment when it has
 * started, is not cancelled by then (the cancellation date is the first day it no longer covers),
 * and, for an explicit renewal, its end day has not passed. A tacit renewal renews itself: it
 * stays in force past its end day until it is cancelled (the rep moves its term with "Renew").
 *
 * Its STATE now: cancelled once a cancellation is recorded; "to renew" from `reminderDays` before
 * its end day (and after it, until renewed or cancelled); active otherwise. Both are computed on
 * read; the stored `status` column only records the last write's answer.
 */

export const contractStates = ["active", "to_renew", "cancelled"] as const;
export type ContractState = (typeof contractStates)[number];
export const contractRenewals = ["tacit", "explicit"] as const;
export type ContractRenewal = (typeof contractRenewals)[number];

type Dates = { endDate: Date | string; reminderDays: number; cancelledAt: Date | string | null };

/** The first day of the renewal window: `reminderDays` before the end day. */
export function renewalNoticeDay(contract: Pick<Dates, "endDate" | "reminderDays">): Date {
  return workspaceMidnight(addDays(workspaceDay(new Date(contract.endDate)), -contract.reminderDays));
}

/** When the renewal task lands on the owner's agenda: 09:00 on the first day of the window. */
export function renewalReminderAt(contract: Pick<Dates, "endDate" | "reminderDays">): Date {
  return fromZoned(addDays(workspaceDay(new Date(contract.endDate)), -contract.reminderDays), 9 * 60, WORKSPACE_TIME_ZONE);
}

export function contractStateOn(contract: Dates, now: Date): ContractState {
  if (contract.cancelledAt) return "cancelled";
  return renewalNoticeDay(contract).getTime() <= startOfWorkspaceDay(now).getTime() ? "to_renew" : "active";
}

export function contractInForceOn(contract: Dates & { startDate: Date | string; renewal: string }, at: Date): boolean {
  if (new Date(contract.startDate).getTime() > at.getTime()) return false;
  if (contract.cancelledAt && new Date(contract.cancelledAt).getTime() <= at.getTime()) return false;
  return contract.renewal === "tacit" || !dayHasPassed(contract.endDate, at);
}

/** The same rule as a Prisma filter on Contract (used by the SLA resolution and the lists). */
export function contractInForceWhere(at: Date) {
  return {
    startDate: { lte: at },
    OR: [{ cancelledAt: null }, { cancelledAt: { gt: at } }],
    AND: [{ OR: [{ renewal: "tacit" }, { endDate: { gte: startOfWorkspaceDay(at) } }] }],
  };
}

/** The same day one year later (29 February → 28 February). */
export function oneYearAfter(day: Date): Date {
  const local = workspaceDay(day);
  const next = { year: local.year + 1, month: local.month, day: local.day };
  if (next.month === 2 && next.day === 29) next.day = 28;
  return workspaceMidnight(next);
}
