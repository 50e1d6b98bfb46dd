/**
 * The SLA clock of a ticket (pure): due dates from a policy's targets in business minutes, and
 * the resolution clock paused while the ticket waits on the customer.
 *
 * Both due dates always derive from the ticket's creation: first response = created + first
 * response target; resolution = created + resolution target + business minutes already spent
 * waiting on the customer. Recomputing is therefore idempotent and never drifts, whatever the
 * order of priority changes, pauses and resumes.
 */
import { addBusinessMinutes, type BusinessCalendar, businessMinutesBetween } from "./business-calendar";

/** The status during which the resolution clock stands still. */
export const SLA_PAUSE_STATUS = "pending_customer";

export type SlaTargets = { firstResponseMinutes: number; resolutionMinutes: number };

export type SlaClock = {
  createdAt: Date;
  status: string;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  slaPausedSince: Date | null;
  slaPausedMinutes: number;
};

export type SlaDueDates = { firstResponseDueAt: Date | null; resolutionDueAt: Date | null };

/** Due dates for a ticket created at `createdAt`; no policy means no targets. */
export function slaDueDates(input: { createdAt: Date; targets: SlaTargets | null; pausedMinutes?: number }, calendar: BusinessCalendar): SlaDueDates {
  if (!input.targets) return { firstResponseDueAt: null, resolutionDueAt: null };
  return {
    firstResponseDueAt: addBusinessMinutes(input.createdAt, input.targets.firstResponseMinutes, calendar),
    resolutionDueAt: addBusinessMinutes(input.createdAt, input.targets.resolutionMinutes + Math.max(0, input.pausedMinutes ?? 0), calendar),
  };
}

export type SlaClockChange = {
  /** New values of the clock fields (only those that differ from the current clock). */
  changes: Partial<Pick<SlaClock, "firstResponseDueAt" | "resolutionDueAt" | "slaPausedSince" | "slaPausedMinutes">>;
  /** Why the targets moved, when they did (recorded in the ticket's history). */
  reason: "policy" | "resumed" | null;
  /** Business minutes of the pause that just ended. */
  pausedMinutesAdded: number;
};

const sameInstant = (left: Date | null, right: Date | null) => (left?.getTime() ?? null) === (right?.getTime() ?? null);

/**
 * Brings a ticket's clock in line with its current status and policy, at `now`:
 * - entering "pending customer" pauses the resolution clock (its due date stays as it was);
 * - leaving it adds the business minutes spent waiting and pushes the resolution due date;
 * - `policyChanged` (priority or company moved the ticket to another policy) recomputes both
 *   due dates from the creation date with the new targets.
 */
export function advanceSlaClock(
  clock: SlaClock,
  input: { targets: SlaTargets | null; policyChanged: boolean; now: Date },
  calendar: BusinessCalendar,
): SlaClockChange {
  const changes: SlaClockChange["changes"] = {};
  let pausedMinutes = clock.slaPausedMinutes;
  let pausedMinutesAdded = 0;
  let reason: SlaClockChange["reason"] = null;
  const waiting = clock.status === SLA_PAUSE_STATUS;

  if (waiting && !clock.slaPausedSince) {
    changes.slaPausedSince = input.now;
  } else if (!waiting && clock.slaPausedSince) {
    pausedMinutesAdded = businessMinutesBetween(clock.slaPausedSince, input.now, calendar);
    pausedMinutes += pausedMinutesAdded;
    changes.slaPausedSince = null;
    if (pausedMinutesAdded > 0) changes.slaPausedMinutes = pausedMinutes;
  }

  if (input.policyChanged || pausedMinutesAdded > 0) {
    const due = slaDueDates({ createdAt: clock.createdAt, targets: input.targets, pausedMinutes }, calendar);
    if (!sameInstant(due.firstResponseDueAt, clock.firstResponseDueAt)) changes.firstResponseDueAt = due.firstResponseDueAt;
    if (!sameInstant(due.resolutionDueAt, clock.resolutionDueAt)) changes.resolutionDueAt = due.resolutionDueAt;
    if ("firstResponseDueAt" in changes || "resolutionDueAt" in changes) reason = input.policyChanged ? "policy" : "resumed";
  }
  return { changes, reason, pausedMinutesAdded };
}
