import { addDays, formatClock, isoDate, toZoned } from "~/domain/helpdesk/sla/business-calendar";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
import type { ActivityKind } from "./activity-schemas";

/**
 * What a new activity's form proposes at `now` (local time): a call or e-mail took place now and
 * is done ("log a call"); an appointment starts at the next full hour and lasts an hour (from
 * 09:00 the next day when the evening is too late); a task is due today, in the day.
 */
export function newActivityTimes(kind: ActivityKind, now: Date, timeZone = WORKSPACE_TIME_ZONE): { date: string; time: string; endTime: string; done: boolean } {
  const local = toZoned(now, timeZone);
  if (kind === "call" || kind === "email") return { date: isoDate(local.date), time: formatClock(local.minutes), endTime: "", done: true };
  if (kind === "task") return { date: isoDate(local.date), time: "", endTime: "", done: false };
  const nextHour = Math.floor(local.minutes / 60) * 60 + 60;
  if (nextHour > 22 * 60) return { date: isoDate(addDays(local.date, 1)), time: "09:00", endTime: "10:00", done: false };
  return { date: isoDate(local.date), time: formatClock(nextHour), endTime: formatClock(nextHour + 60), done: false };
}
