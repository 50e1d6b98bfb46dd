import { addDays, formatClock, fromZoned, isoDate, parseClock, parseIsoDate, toZoned } from "~/domain/helpdesk/sla/business-calendar";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
import type { ActivityKind } from "./activity-schemas";

/**
 * When an activity happens, in the workspace's local time. Pure: the form, the agenda, the
 * reminders and the calendar feed read the same rules.
 *
 * - An appointment has a start and an end on one local day.
 * - A to-do (task, call or e-mail not done yet) has a due time, or only a due day: typed without a
 *   time, it is stored at local midnight and means "in the day". Such a to-do is overdue once its
 *   day is over, is reminded at 09:00 that day, and shows as an all-day event in the calendar feed.
 * - A call or e-mail that took place carries when it did (the form proposes "now").
 */

type Timed = { kind: string; startsAt: Date | string };

const MINUTE = 60_000;

/** Appointments are reminded this many minutes before they start (the reminders worker's default). */
export const APPOINTMENT_REMINDER_MINUTES = 15;
/** A to-do due "in the day" is reminded at this local time of its day. */
export const ALL_DAY_REMINDER_CLOCK = 9 * 60;
/** A reminder that could not go out within this delay (server stopped) is dropped: the agenda's overdue list takes over. */
export const REMINDER_GRACE_MINUTES = 12 * 60;

export function isAppointment(activity: { kind: string }): boolean {
  return activity.kind === "appointment";
}

/** A to-do typed with a day and no time. */
export function isAllDay(activity: Timed, timeZone = WORKSPACE_TIME_ZONE): boolean {
  return !isAppointment(activity) && toZoned(new Date(activity.startsAt), timeZone).minutes === 0;
}

/**
 * The instants of an activity from its form's local date and times (already validated by
 * activitySchema): an empty time on a to-do means "in the day" (local midnight).
 */
export function activityInstants(
  form: { kind: ActivityKind; date: string; time: string; endTime: string },
  timeZone = WORKSPACE_TIME_ZONE,
): { startsAt: Date; endsAt: Date | null } {
  const day = parseIsoDate(form.date);
  if (!day) throw new RangeError(`Not a date: ${form.date}`);
  const start = form.time ? parseClock(form.time) : 0;
  const startsAt = fromZoned(day, start ?? 0, timeZone);
  if (form.kind !== "appointment") return { startsAt, endsAt: null };
  const end = parseClock(form.endTime);
  return { startsAt, endsAt: end === null ? null : fromZoned(day, end, timeZone) };
}

/** The form's local date and times of a stored activity (the reverse of activityInstants). */
export function activityFormTimes(
  activity: { kind: string; startsAt: Date | string; endsAt: Date | string | null },
  timeZone = WORKSPACE_TIME_ZONE,
): { date: string; time: string; endTime: string } {
  const start = toZoned(new Date(activity.startsAt), timeZone);
  const end = activity.endsAt ? toZoned(new Date(activity.endsAt), timeZone) : null;
  return {
    date: isoDate(start.date),
    time: isAllDay(activity, timeZone) ? "" : formatClock(start.minutes),
    endTime: end ? formatClock(end.minutes) : "",
  };
}

/** From when a to-do not done is late: its due time, or the end of its day when it has none. */
export function overdueFrom(activity: Timed, timeZone = WORKSPACE_TIME_ZONE): Date {
  const startsAt = new Date(activity.startsAt);
  if (!isAllDay(activity, timeZone)) return startsAt;
  return fromZoned(addDays(toZoned(startsAt, timeZone).date, 1), 0, timeZone);
}

/** True when a to-do is not done and late at `now` (appointments are never "overdue": they are reported). */
export function isOverdue(activity: Timed & { doneAt: Date | string | null }, now: Date, timeZone = WORKSPACE_TIME_ZONE): boolean {
  if (isAppointment(activity) || activity.doneAt) return false;
  return overdueFrom(activity, timeZone).getTime() <= now.getTime();
}

/** Whole minutes a late to-do has been late at `now` (0 when not late). */
export function minutesLate(activity: Timed, now: Date, timeZone = WORKSPACE_TIME_ZONE): number {
  return Math.max(0, Math.floor((now.getTime() - overdueFrom(activity, timeZone).getTime()) / MINUTE));
}

/**
 * The local midnight of `now`'s day: the overdue query reads "due before this midnight, or due
 * later today at a time already past" (a to-do due "today" without a time is not late yet).
 */
export function startOfLocalDay(now: Date, timeZone = WORKSPACE_TIME_ZONE): Date {
  return fromZoned(toZoned(now, timeZone).date, 0, timeZone);
}

/** When the owner is reminded: appointments `leadMinutes` before they start, to-dos when due (09:00 for a day without time). */
export function reminderDueAt(activity: Timed, leadMinutes = APPOINTMENT_REMINDER_MINUTES, timeZone = WORKSPACE_TIME_ZONE): Date {
  const startsAt = new Date(activity.startsAt);
  if (isAppointment(activity)) return new Date(startsAt.getTime() - leadMinutes * MINUTE);
  if (isAllDay(activity, timeZone)) return new Date(startsAt.getTime() + ALL_DAY_REMINDER_CLOCK * MINUTE);
  return startsAt;
}

/** True when the reminder is due at `now` and not so old that it is no longer worth sending. */
export function reminderIsDue(activity: Timed, now: Date, leadMinutes = APPOINTMENT_REMINDER_MINUTES, timeZone = WORKSPACE_TIME_ZONE): boolean {
  const dueAt = reminderDueAt(activity, leadMinutes, timeZone).getTime();
  return dueAt <= now.getTime() && dueAt > now.getTime() - REMINDER_GRACE_MINUTES * MINUTE;
}

/** The widest window of `startsAt` a due reminder can have at `now` (for the worker's indexed query). */
export function reminderCandidateWindow(now: Date, leadMinutes = APPOINTMENT_REMINDER_MINUTES): { from: Date; to: Date } {
  return {
    from: new Date(now.getTime() - (REMINDER_GRACE_MINUTES + ALL_DAY_REMINDER_CLOCK + 60) * MINUTE),
    to: new Date(now.getTime() + leadMinutes * MINUTE),
  };
}
