/**
 * Where a ticket stands against its SLA, for lists and the ticket page (pure: server and UI).
 * The due dates themselves are computed in business hours by the SLA clock (sla-clock.ts).
 */

export type SlaState = "none" | "ok" | "warning" | "breached" | "paused";
export type SlaTarget = "first_response" | "resolution";

export type SlaFields = {
  status: string;
  firstResponseDueAt: Date | string | null;
  firstRespondedAt: Date | string | null;
  resolutionDueAt: Date | string | null;
  solvedAt: Date | string | null;
  slaPausedSince?: Date | string | null;
};

export type SlaStatus = { state: SlaState; target: SlaTarget | null; dueAt: Date | null; minutesLeft: number | null };

const asDate = (value: Date | string | null | undefined) => (value ? new Date(value) : null);

/**
 * The next target still running (first response, then resolution): breached once past due,
 * warning within `warningMinutes` of it, paused while waiting on the customer.
 */
export function slaStatus(ticket: SlaFields, now: Date = new Date(), warningMinutes = 60): SlaStatus {
  if (ticket.status === "solved" || ticket.status === "closed") return { state: "none", target: null, dueAt: null, minutesLeft: null };
  const firstResponseDue = asDate(ticket.firstResponseDueAt);
  const resolutionDue = asDate(ticket.resolutionDueAt);
  let target: SlaTarget | null = null;
  let dueAt: Date | null = null;
  if (firstResponseDue && !ticket.firstRespondedAt) {
    target = "first_response";
    dueAt = firstResponseDue;
  } else if (resolutionDue && !ticket.solvedAt) {
    target = "resolution";
    dueAt = resolutionDue;
  }
  if (!target || !dueAt) return { state: "none", target: null, dueAt: null, minutesLeft: null };
  const minutesLeft = Math.floor((dueAt.getTime() - now.getTime()) / 60_000);
  if (target === "resolution" && ticket.slaPausedSince) return { state: "paused", target, dueAt, minutesLeft };
  if (minutesLeft < 0) return { state: "breached", target, dueAt, minutesLeft };
  if (minutesLeft <= warningMinutes) return { state: "warning", target, dueAt, minutesLeft };
  return { state: "ok", target, dueAt, minutesLeft };
}
