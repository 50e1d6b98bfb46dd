import { addDays, formatIsoWeek, fromZoned, toZoned, weekdayIndex } from "../helpdesk/sla/business-calendar";
import type { ReportPeriod } from "./report-period";

/**
 * When the Monday report goes out (pure): every Monday at 07:30 in the workspace's time zone, about
 * the week that just ended (Monday to Sunday, local days). Tests cover the clock changes.
 */

/** Minutes after local midnight on Monday. */
export const WEEKLY_REPORT_SEND_MINUTES = 7 * 60 + 30;

export type DueWeeklyReport = {
  /** The Monday 07:30 (local) from which this report may be sent. */
  dueAt: Date;
  /** The week reported on. */
  period: ReportPeriod;
  /** Its ISO week ("2026-W49"): the key of the sent-marker. */
  isoWeek: string;
};

/**
 * The latest report due at `now`: the one of the last Monday 07:30 at or before `now`. Until the
 * next Monday 07:30 it stays the same (a worker that was down on Monday sends it when it is back),
 * then the next one replaces it (older weeks are never sent late).
 */
export function dueWeeklyReport(now: Date, timeZone: string): DueWeeklyReport {
  const local = toZoned(now, timeZone);
  let monday = addDays(local.date, -weekdayIndex(local.date));
  if (weekdayIndex(local.date) === 0 && local.minutes < WEEKLY_REPORT_SEND_MINUTES) monday = addDays(monday, -7);
  const dueAt = fromZoned(monday, WEEKLY_REPORT_SEND_MINUTES, timeZone);
  // Before 07:30 by the instant (the local minutes can lie on a clock-change day): the week before.
  if (dueAt.getTime() > now.getTime()) return dueWeeklyReport(new Date(dueAt.getTime() - 60_000), timeZone);
  const period: ReportPeriod = { kind: "week", first: addDays(monday, -7), last: addDays(monday, -1) };
  return { dueAt, period, isoWeek: formatIsoWeek(period.first) };
}
