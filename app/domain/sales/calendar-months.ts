import { fromZoned, toZoned } from "~/domain/helpdesk/sla/business-calendar";

/**
 * Calendar months and quarters in the workspace's time zone, for the pipeline's close-date
 * filters and the forecast's buckets. A month is { year, month } (1–12); its start is the
 * instant the local clock shows midnight on its first day.
 */
export type CalendarMonth = { year: number; month: number };

export function monthOf(instant: Date, timeZone: string): CalendarMonth {
  const { date } = toZoned(instant, timeZone);
  return { year: date.year, month: date.month };
}

export function addMonths(month: CalendarMonth, count: number): CalendarMonth {
  const index = month.year * 12 + (month.month - 1) + count;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** How many months from `from` to `to` (0 when equal, negative when `to` is earlier). */
export function monthsBetween(from: CalendarMonth, to: CalendarMonth): number {
  return to.year * 12 + to.month - (from.year * 12 + from.month);
}

/** Midnight, local time, on the first day of the month. */
export function monthStart(month: CalendarMonth, timeZone: string): Date {
  return fromZoned({ year: month.year, month: month.month, day: 1 }, 0, timeZone);
}

/** "2026-03". */
export function monthKey(month: CalendarMonth): string {
  return `${String(month.year).padStart(4, "0")}-${String(month.month).padStart(2, "0")}`;
}

export function parseMonthKey(text: string | null | undefined): CalendarMonth | null {
  const match = /^(\d{4})-(\d{2})$/.exec(text ?? "");
  if (!match) return null;
  const month = { year: Number(match[1]), month: Number(match[2]) };
  return month.month >= 1 && month.month <= 12 && month.year >= 1970 && month.year <= 9999 ? month : null;
}

/** 1–4. */
export function quarterOf(month: CalendarMonth): number {
  return Math.floor((month.month - 1) / 3) + 1;
}

/** The first month of the month's quarter. */
export function quarterStartMonth(month: CalendarMonth): CalendarMonth {
  return { year: month.year, month: (quarterOf(month) - 1) * 3 + 1 };
}

/** "2026-T1": a quarter's key. */
export function quarterKey(month: CalendarMonth): string {
  return `${month.year}-T${quarterOf(month)}`;
}

/** The `count` months starting at `first`. */
export function monthRange(first: CalendarMonth, count: number): CalendarMonth[] {
  return Array.from({ length: Math.max(0, count) }, (_, index) => addMonths(first, index));
}
