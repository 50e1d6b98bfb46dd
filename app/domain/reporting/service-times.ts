import { type BusinessCalendar, businessMinutesBetween } from "../helpdesk/sla/business-calendar";

/**
 * A ticket's service times, in business minutes of the SLA's calendar (pure, the SLA's own
 * business-minute computation): the dashboard's first response and resolution times read them.
 *
 * - first response time: from the ticket's creation to its first public answer;
 * - resolution time: from its creation to its (latest) solution, less the business minutes it
 *   spent waiting on the customer (`slaPausedMinutes`), exactly as the SLA's resolution clock runs.
 */
export type ServiceTimesInput = { createdAt: Date; firstRespondedAt: Date | null; solvedAt: Date | null; slaPausedMinutes: number };
export type ServiceTimes = { firstResponseBusinessMinutes: number | null; resolutionBusinessMinutes: number | null };

export function serviceTimes(ticket: ServiceTimesInput, calendar: BusinessCalendar): ServiceTimes {
  return {
    firstResponseBusinessMinutes: ticket.firstRespondedAt ? businessMinutesBetween(ticket.createdAt, ticket.firstRespondedAt, calendar) : null,
    resolutionBusinessMinutes: ticket.solvedAt
      ? Math.max(0, businessMinutesBetween(ticket.createdAt, ticket.solvedAt, calendar) - Math.max(0, ticket.slaPausedMinutes))
      : null,
  };
}

/**
 * The nearest-rank percentile (`share` 0–1) of values: the smallest value such that at least
 * that share of the values are at or below it (the median of 1, 2, 3, 4 is 2). Null for none.
 */
export function nearestRankPercentile(values: readonly number[], share: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[percentileRank(sorted.length, share) - 1];
}

/** The 1-based rank of the nearest-rank percentile among `count` values: ⌈share × count⌉, at least 1. */
export function percentileRank(count: number, share: number): number {
  // In whole hundredths, so 0.9 × 10 is exactly 9 (the SQL computes the same rank in integers).
  const hundredths = Math.round(share * 100);
  return Math.max(1, Math.floor((hundredths * count + 99) / 100));
}
