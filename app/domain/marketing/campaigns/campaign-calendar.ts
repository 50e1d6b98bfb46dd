import { addDays, isoDate, toZoned, type LocalDate } from "~/domain/helpdesk/sla/business-calendar";
import type { CalendarMonth } from "~/domain/sales/calendar-months";

/**
 * The campaign calendar's month grid: whole weeks from Monday to Sunday covering the month, in
 * the workspace time zone, each day with the campaigns placed on it. Pure, table-tested.
 */

export type CalendarDay = { date: string; day: number; inMonth: boolean };
export type PlacedCampaign = { id: string; name: string; status: string; at: Date };

function dayOfWeekMondayFirst(date: LocalDate): number {
  // 0 = Monday … 6 = Sunday.
  return (new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7;
}

export function monthWeeks(month: CalendarMonth): CalendarDay[][] {
  const first: LocalDate = { year: month.year, month: month.month, day: 1 };
  let cursor = addDays(first, -dayOfWeekMondayFirst(first));
  const weeks: CalendarDay[][] = [];
  do {
    const week: CalendarDay[] = [];
    for (let index = 0; index < 7; index++) {
      week.push({ date: isoDate(cursor), day: cursor.day, inMonth: cursor.month === month.month && cursor.year === month.year });
      cursor = addDays(cursor, 1);
    }
    weeks.push(week);
  } while (cursor.month === month.month && cursor.year === month.year);
  return weeks;
}

/** Campaigns grouped by their local day ("2026-12-14"), in time order. */
export function campaignsByDay<T extends PlacedCampaign>(campaigns: T[], timeZone: string): Map<string, T[]> {
  const byDay = new Map<string, T[]>();
  for (const campaign of [...campaigns].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    const key = isoDate(toZoned(campaign.at, timeZone).date);
    byDay.set(key, [...(byDay.get(key) ?? []), campaign]);
  }
  return byDay;
}
