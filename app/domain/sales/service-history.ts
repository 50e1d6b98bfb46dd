/**
 * The service panel's data and rules, pure and serialisable (dates as ISO strings), so any page
 * can render `ServicePanel` (app/components/sales/service-panel.tsx) from its loader: the company
 * page, the deal page, the agenda's appointment view.
 */

export type ServiceTicketRef = {
  id: string;
  number: number;
  subject: string;
  /** low | normal | high | urgent */
  priority: string;
  /** information | incident | complaint | other */
  type: string;
  status: string;
  createdAt: string;
};

export type ServiceWarning = {
  ticket: ServiceTicketRef;
  /** How long it has been open, from its creation. */
  age: TicketAge;
  /** Other open urgent or high incidents and complaints besides this one. */
  others: number;
};

export type TicketAge = { unit: "days" | "hours" | "lessThanHour"; value: number };

export type ServicePanelData = {
  companyId: string;
  /** Open tickets (any type), the most pressing first, and how many by priority. */
  openTickets: { count: number; byPriority: Record<string, number>; tickets: ServiceTicketRef[] };
  /** Incidents and complaints created in the last 90 days. */
  incidents: { count: number; tickets: ServiceTicketRef[] };
  /** Tickets of the last 90 days whose first response or resolution went past due. */
  slaBreaches: { count: number; tickets: Array<ServiceTicketRef & { targets: Array<"first_response" | "resolution"> }> };
  ratings: Array<{ ticketNumber: number; subject: string; rating: "good" | "bad"; comment: string; createdAt: string }>;
  interventions: Array<{ id: string; ticketNumber: number; kind: string; status: string; startsAt: string; technicianName: string }>;
  warning: ServiceWarning | null;
};

export const SERVICE_WINDOW_DAYS = 90;

/** Priorities that put a customer "on fire" when an incident or complaint of theirs is open. */
export const ALERT_PRIORITIES = ["urgent", "high"] as const;
export const ALERT_TYPES = ["incident", "complaint"] as const;

const priorityRank: Record<string, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

/** Most pressing first: priority, then the oldest. */
export function byUrgency(first: Pick<ServiceTicketRef, "priority" | "createdAt">, second: Pick<ServiceTicketRef, "priority" | "createdAt">): number {
  return (priorityRank[first.priority] ?? 9) - (priorityRank[second.priority] ?? 9) || first.createdAt.localeCompare(second.createdAt);
}

/** "depuis 3 jours": whole days once a day old, whole hours before, else "less than an hour". */
export function ticketAge(createdAt: string | Date, now: Date): TicketAge {
  const elapsed = Math.max(0, now.getTime() - new Date(createdAt).getTime());
  const hours = Math.floor(elapsed / 3_600_000);
  if (hours >= 24) return { unit: "days", value: Math.floor(hours / 24) };
  if (hours >= 1) return { unit: "hours", value: hours };
  return { unit: "lessThanHour", value: 0 };
}

/**
 * The warning to show before calling the customer: their most pressing open incident or complaint
 * of urgent or high priority (urgent before high, then the oldest), or null when there is none.
 */
export function serviceWarning(openAlerts: readonly ServiceTicketRef[], now: Date): ServiceWarning | null {
  const candidates = openAlerts
    .filter((ticket) => (ALERT_TYPES as readonly string[]).includes(ticket.type) && (ALERT_PRIORITIES as readonly string[]).includes(ticket.priority))
    .sort(byUrgency);
  const ticket = candidates[0];
  if (!ticket) return null;
  return { ticket, age: ticketAge(ticket.createdAt, now), others: candidates.length - 1 };
}
