import { addDays, fromZoned, isoDate, parseIsoDate, toZoned, weekdayIndex, type LocalDate } from "../helpdesk/sla/business-calendar";

/**
 * The period a dashboard looks at: this week, month, quarter or year, or chosen days; and the
 * two it is compared with (the period just before, the same period a year earlier). Periods are
 * local days of the workspace's time zone, [first, last] inclusive; as instants they are
 * [midnight of `first`, midnight after `last`), so a week that crosses a clock change is exactly
 * its days. Pure: tests cover the edges (DST weeks, leap years, month ends).
 */

export const REPORT_PERIOD_KINDS = ["week", "month", "quarter", "year", "custom"] as const;
export type ReportPeriodKind = (typeof REPORT_PERIOD_KINDS)[number];

export type ReportPeriod = { kind: ReportPeriodKind; first: LocalDate; last: LocalDate };
export type ReportRange = { from: Date; to: Date };

/** The longest custom period (two years and a day). */
export const MAX_CUSTOM_DAYS = 731;

const params: Record<ReportPeriodKind, string> = { week: "semaine", month: "mois", quarter: "trimestre", year: "annee", custom: "personnalisee" };

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function monthStart(year: number, month: number): LocalDate {
  return { year, month, day: 1 };
}

function addMonths(date: LocalDate, months: number): LocalDate {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

function compare(a: LocalDate, b: LocalDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** Days from `a` to `b` (b − a). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

/** The period of a kind that contains `day` (custom: the day itself). */
export function periodContaining(kind: Exclude<ReportPeriodKind, "custom">, day: LocalDate): ReportPeriod {
  switch (kind) {
    case "week": {
      const first = addDays(day, -weekdayIndex(day));
      return { kind, first, last: addDays(first, 6) };
    }
    case "month": {
      const first = monthStart(day.year, day.month);
      return { kind, first, last: { year: day.year, month: day.month, day: daysInMonth(day.year, day.month) } };
    }
    case "quarter": {
      const firstMonth = Math.floor((day.month - 1) / 3) * 3 + 1;
      const first = monthStart(day.year, firstMonth);
      const lastMonth = firstMonth + 2;
      return { kind, first, last: { year: day.year, month: lastMonth, day: daysInMonth(day.year, lastMonth) } };
    }
    case "year":
      return { kind, first: monthStart(day.year, 1), last: { year: day.year, month: 12, day: 31 } };
  }
}

/**
 * The period in a dashboard's address: `?periode=semaine|mois|trimestre|annee` (the one containing
 * today), or `?periode=personnalisee&du=2026-01-05&au=2026-02-14` (reversed days are put in order,
 * a too long one is cut at MAX_CUSTOM_DAYS from its start). This month by default.
 */
export function periodFromParams(search: URLSearchParams, now: Date, timeZone: string): ReportPeriod {
  const today = toZoned(now, timeZone).date;
  const kind = (Object.entries(params).find(([, value]) => value === search.get("periode"))?.[0] as ReportPeriodKind | undefined) ?? "month";
  if (kind !== "custom") return periodContaining(kind, today);
  const from = parseIsoDate(search.get("du") ?? "");
  const to = parseIsoDate(search.get("au") ?? "");
  if (!from || !to) return periodContaining("month", today);
  const [first, last] = compare(from, to) <= 0 ? [from, to] : [to, from];
  return { kind, first, last: daysBetween(first, last) >= MAX_CUSTOM_DAYS ? addDays(first, MAX_CUSTOM_DAYS - 1) : last };
}

export function periodToParams(period: ReportPeriod): URLSearchParams {
  const search = new URLSearchParams({ periode: params[period.kind] });
  if (period.kind === "custom") {
    search.set("du", isoDate(period.first));
    search.set("au", isoDate(period.last));
  }
  return search;
}

/** The period just before, of the same kind and length (the previous month for a month). */
export function previousPeriod(period: ReportPeriod): ReportPeriod {
  switch (period.kind) {
    case "week":
      return { kind: "week", first: addDays(period.first, -7), last: addDays(period.last, -7) };
    case "month":
    case "quarter":
    case "year": {
      const months = period.kind === "month" ? 1 : period.kind === "quarter" ? 3 : 12;
      return periodContaining(period.kind, addMonths(period.first, -months));
    }
    case "custom": {
      const length = daysBetween(period.first, period.last) + 1;
      return { kind: "custom", first: addDays(period.first, -length), last: addDays(period.first, -1) };
    }
  }
}

/** The same period a year earlier (the same ISO week days for a week; 28 February for a 29th). */
export function samePeriodLastYear(period: ReportPeriod): ReportPeriod {
  if (period.kind === "week") return { kind: "week", first: addDays(period.first, -364), last: addDays(period.last, -364) };
  if (period.kind === "custom") return { kind: "custom", first: addMonths(period.first, -12), last: addMonths(period.last, -12) };
  return periodContaining(period.kind, addMonths(period.first, -12));
}

/** The period as instants: [midnight of its first day, midnight after its last day). */
export function periodRange(period: ReportPeriod, timeZone: string): ReportRange {
  return { from: fromZoned(period.first, 0, timeZone), to: fromZoned(addDays(period.last, 1), 0, timeZone) };
}

/** Its days, in order (for per-day series). */
export function periodDays(period: ReportPeriod): LocalDate[] {
  const days: LocalDate[] = [];
  for (let day = period.first; compare(day, period.last) <= 0; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The first day of each month it touches (for per-month series). */
export function periodMonths(period: ReportPeriod): LocalDate[] {
  const months: LocalDate[] = [];
  for (let month = monthStart(period.first.year, period.first.month); compare(month, period.last) <= 0; month = addMonths(month, 1)) months.push(month);
  return months;
}

/** True when `now` falls inside the period (its figures are still moving). */
export function periodIsCurrent(period: ReportPeriod, now: Date, timeZone: string): boolean {
  const today = toZoned(now, timeZone).date;
  return compare(period.first, today) <= 0 && compare(today, period.last) <= 0;
}
