import { z } from "zod";
import { addDays, fromZoned, isoDate, parseIsoDate, toZoned, type LocalDate } from "~/domain/helpdesk/sla/business-calendar";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";

/**
 * The calendar days of quotes and contracts (issue date, validity, start and end of a contract,
 * cancellation) are days of the workspace's time zone, stored as that day's local midnight. A
 * day "has passed" once the workspace's today is later; the same rule everywhere (lists, pages,
 * commands, the SLA) so a quote expires and a contract ends at the same moment for everyone.
 */

export function workspaceDay(at: Date): LocalDate {
  return toZoned(at, WORKSPACE_TIME_ZONE).date;
}

/** Local midnight of a day, as stored. */
export function workspaceMidnight(day: LocalDate): Date {
  return fromZoned(day, 0, WORKSPACE_TIME_ZONE);
}

/** Local midnight of the day of `at`: a stored day before it has passed. */
export function startOfWorkspaceDay(at: Date): Date {
  return workspaceMidnight(workspaceDay(at));
}

/** The day `days` after the day of `at`, as stored. */
export function workspaceDayAfter(at: Date, days: number): Date {
  return workspaceMidnight(addDays(workspaceDay(at), days));
}

/** True once the stored day is over (the workspace's today is a later day). */
export function dayHasPassed(day: Date | string, now: Date): boolean {
  return new Date(day).getTime() < startOfWorkspaceDay(now).getTime();
}

/** A stored day as a date input's value (YYYY-MM-DD). */
export function dateInputValue(day: Date | string): string {
  return isoDate(workspaceDay(new Date(day)));
}

/** Whole days from the day of `from` to the day of `to` (negative when `to` is earlier). */
export function daysBetween(from: Date, to: Date): number {
  const a = workspaceDay(from);
  const b = workspaceDay(to);
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

/** A date input (YYYY-MM-DD) → the stored local midnight; a required field. */
export const dayField = () =>
  z
    .string({ required_error: "validation.required" })
    .default("")
    .transform((text, context) => {
      if (text.trim() === "") {
        context.addIssue({ code: z.ZodIssueCode.custom, message: "validation.required" });
        return z.NEVER;
      }
      const day = parseIsoDate(text.trim());
      if (!day || day.year < 2000 || day.year > 2200) {
        context.addIssue({ code: z.ZodIssueCode.custom, message: "customers.validation.date" });
        return z.NEVER;
      }
      return workspaceMidnight(day);
    });
