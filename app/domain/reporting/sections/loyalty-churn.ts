import { startOfWorkspaceDay, workspaceDayAfter } from "~/domain/sales/document-dates";

/**
 * When a maintenance contract stops covering its customer, and whether the customer is lost with
 * it (pure; docs/reporting.md "## Fidélisation").
 *
 * - Cancelled: its cover ends at its cancellation date (the first day it no longer covers), as
 *   soon as the cancellation is recorded.
 * - Not renewed: an explicit-renewal contract whose end day has passed (renewing moves the end
 *   day a year on) ends at the midnight after its end day, unless the company stays covered: it
 *   has a SUCCESSOR, another of its contracts covering at that moment or starting within
 *   SUCCESSOR_GRACE_DAYS after it (a new contract signed instead of renewing this one).
 * - A tacit renewal renews itself: it never ends without a cancellation.
 *
 * A contract is lost in a period [from, to) when its cover ends in (from, to]: its last covered
 * day is one of the period's days. A customer is lost with it when no other contract of theirs is
 * a successor.
 */

export const SUCCESSOR_GRACE_DAYS = 30;

export type ContractCover = {
  id: string;
  companyId: string;
  startDate: Date;
  endDate: Date;
  renewal: string;
  cancelledAt: Date | null;
};

export type CoverEnd = { at: Date; kind: "cancelled" | "not_renewed" };

/** When and how the contract's cover ended (or will, for a recorded cancellation); null while it goes on. */
export function coverEnd(contract: ContractCover, now: Date): CoverEnd | null {
  if (contract.renewal === "explicit") {
    const lapse = workspaceDayAfter(contract.endDate, 1);
    const passed = lapse.getTime() <= startOfWorkspaceDay(now).getTime();
    if (passed && (!contract.cancelledAt || contract.cancelledAt.getTime() > lapse.getTime())) return { at: lapse, kind: "not_renewed" };
  }
  return contract.cancelledAt ? { at: contract.cancelledAt, kind: "cancelled" } : null;
}

/** True when `other` keeps the company covered after `at`: it covers then, or starts within the grace days. */
export function isSuccessor(contract: ContractCover, other: ContractCover, at: Date): boolean {
  if (other.id === contract.id || other.companyId !== contract.companyId) return false;
  if (other.startDate.getTime() >= at.getTime() + SUCCESSOR_GRACE_DAYS * 86_400_000) return false;
  if (other.cancelledAt && other.cancelledAt.getTime() <= at.getTime()) return false;
  return other.renewal === "tacit" || workspaceDayAfter(other.endDate, 1).getTime() > at.getTime();
}

export type LostContract = { contract: ContractCover; end: CoverEnd; customerLost: boolean };

/**
 * The contracts lost in (from, to] among `contracts` (those in force at `from`), given every
 * contract of their companies (`companyContracts`) for the successor rule.
 */
export function lostContracts(contracts: readonly ContractCover[], companyContracts: readonly ContractCover[], range: { from: Date; to: Date }, now: Date): LostContract[] {
  const byCompany = new Map<string, ContractCover[]>();
  for (const other of companyContracts) byCompany.set(other.companyId, [...(byCompany.get(other.companyId) ?? []), other]);
  const lost: LostContract[] = [];
  for (const contract of contracts) {
    const end = coverEnd(contract, now);
    if (!end || end.at.getTime() <= range.from.getTime() || end.at.getTime() > range.to.getTime()) continue;
    const kept = (byCompany.get(contract.companyId) ?? []).some((other) => isSuccessor(contract, other, end.at));
    if (end.kind === "not_renewed" && kept) continue;
    lost.push({ contract, end, customerLost: !kept });
  }
  return lost;
}

/** Lost ÷ in force at the start, or null when none was in force. */
export function churnRate(lost: number, atStart: number): number | null {
  return atStart === 0 ? null : lost / atStart;
}
