/**
 * SLA settings shared by the server and the admin forms: how the business calendar is stored
 * (Setting "sla.calendar", JSON) and the zod schemas of the SLA administration pages.
 */
import { z } from "zod";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
import { ticketPriorities, type TicketPriority } from "../ticket-vocabulary";
import {
  type BusinessCalendar,
  type ClosedDay,
  defaultBusinessCalendar,
  formatClock,
  isoDate,
  parseClock,
  parseIsoDate,
  type Weekday,
  weekdays,
} from "./business-calendar";

export const SLA_CALENDAR_SETTING = "sla.calendar";

/** The targets a fresh workspace starts with, in business minutes (one business day = 510 minutes, 08:30–12:30 and 13:30–18:00). */
export const defaultSlaTargets: Record<TicketPriority, { firstResponseMinutes: number; resolutionMinutes: number }> = {
  urgent: { firstResponseMinutes: 60, resolutionMinutes: 240 },
  high: { firstResponseMinutes: 240, resolutionMinutes: 510 },
  normal: { firstResponseMinutes: 480, resolutionMinutes: 3 * 510 },
  low: { firstResponseMinutes: 510, resolutionMinutes: 5 * 510 },
};

/** Ids of the workspace-wide policies (created by the migration 20261126124400_default_sla_policies). */
export const defaultPolicyId = (priority: TicketPriority) => `sla_default_${priority}`;

// ───────────────────────────── stored calendar ─────────────────────────────

const storedInterval = z.object({ start: z.string(), end: z.string() });
const storedCalendar = z.object({
  timeZone: z.string().default(WORKSPACE_TIME_ZONE),
  week: z.object(Object.fromEntries(weekdays.map((day) => [day, z.array(storedInterval).default([])])) as Record<Weekday, z.ZodDefault<z.ZodArray<typeof storedInterval>>>),
  frenchHolidays: z.boolean().default(true),
  alsaceMoselle: z.boolean().default(false),
  closedDays: z.array(z.object({ date: z.string(), label: z.string().default("") })).default([]),
});
export type StoredCalendar = z.infer<typeof storedCalendar>;

/** The calendar as stored: times as "HH:MM", readable in the database. */
export function serializeCalendar(calendar: BusinessCalendar): string {
  const week = Object.fromEntries(
    weekdays.map((day) => [day, calendar.week[day].map((interval) => ({ start: formatClock(interval.start), end: formatClock(interval.end) }))]),
  );
  return JSON.stringify({
    timeZone: calendar.timeZone,
    week,
    frenchHolidays: calendar.frenchHolidays,
    alsaceMoselle: calendar.alsaceMoselle,
    closedDays: calendar.closedDays,
  });
}

/** Reads a stored calendar; anything unreadable gives the default calendar rather than a broken clock. */
export function parseStoredCalendar(value: string | null | undefined): BusinessCalendar {
  if (!value) return defaultBusinessCalendar();
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return defaultBusinessCalendar();
  }
  const parsed = storedCalendar.safeParse(json);
  if (!parsed.success) return defaultBusinessCalendar();
  const week = {} as BusinessCalendar["week"];
  for (const day of weekdays) {
    week[day] = parsed.data.week[day]
      .map((interval) => ({ start: parseClock(interval.start) ?? -1, end: parseClock(interval.end) ?? -1 }))
      .filter((interval) => interval.start >= 0 && interval.end > interval.start);
  }
  const calendar: BusinessCalendar = {
    timeZone: parsed.data.timeZone,
    week,
    frenchHolidays: parsed.data.frenchHolidays,
    alsaceMoselle: parsed.data.alsaceMoselle,
    closedDays: parsed.data.closedDays.filter((closed) => parseIsoDate(closed.date) !== null),
  };
  if (!weekdays.some((day) => week[day].length > 0)) return defaultBusinessCalendar();
  return calendar;
}

// ───────────────────────────── calendar form ─────────────────────────────

/** Up to three opening intervals per day (morning, afternoon, evening). */
export const INTERVALS_PER_DAY = 3;
export const intervalField = (day: Weekday, index: number, edge: "start" | "end") => `${day}_${edge}_${index}`;

const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.literal("false"), z.undefined()])
  .transform((value) => value === "on" || value === "true");

/**
 * Extra closed days, one per line: a date (2026-12-24 or 24/12/2026) then an optional label.
 * Returns null on the first line that is not a valid date.
 */
export function parseClosedDays(text: string): ClosedDay[] | null {
  const days = new Map<string, ClosedDay>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const match = /^(\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{4})\s*[-–—:]?\s*(.*)$/.exec(line);
    if (!match) return null;
    let iso = match[1];
    if (iso.includes("/")) {
      const [day, month, year] = iso.split("/");
      iso = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
    }
    const date = parseIsoDate(iso);
    if (!date) return null;
    days.set(isoDate(date), { date: isoDate(date), label: match[2].trim().slice(0, 80) });
  }
  return [...days.values()].sort((left, right) => left.date.localeCompare(right.date));
}

export function formatClosedDays(days: ClosedDay[]): string {
  return days.map((closed) => `${closed.date.split("-").reverse().join("/")}${closed.label ? ` ${closed.label}` : ""}`).join("\n");
}

const calendarFormShape: Record<string, z.ZodTypeAny> = {
  frenchHolidays: checkbox,
  alsaceMoselle: checkbox,
  closedDays: z.string().max(20_000, "validation.tooLong").default(""),
};
for (const day of weekdays) {
  for (let index = 0; index < INTERVALS_PER_DAY; index++) {
    calendarFormShape[intervalField(day, index, "start")] = z.string().trim().default("");
    calendarFormShape[intervalField(day, index, "end")] = z.string().trim().default("");
  }
}

/** The weekly hours form: each interval complete, valid, in order and without overlap; at least one open day. */
export const calendarFormSchema = z
  .object(calendarFormShape)
  .superRefine((form, context) => {
    const issue = (path: string, message: MessageKey) => context.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
    let open = 0;
    for (const day of weekdays) {
      let previousEnd = -1;
      for (let index = 0; index < INTERVALS_PER_DAY; index++) {
        const startField = intervalField(day, index, "start");
        const endField = intervalField(day, index, "end");
        const startText = form[startField] as string;
        const endText = form[endField] as string;
        if (!startText && !endText) continue;
        if (!startText) {
          issue(startField, "planning.sla.calendar.startMissing");
          continue;
        }
        if (!endText) {
          issue(endField, "planning.sla.calendar.endMissing");
          continue;
        }
        const start = parseClock(startText);
        const end = parseClock(endText);
        if (start === null) issue(startField, "planning.validation.time");
        if (end === null) issue(endField, "planning.validation.time");
        if (start === null || end === null) continue;
        if (end <= start) {
          issue(endField, "planning.validation.endAfterStart");
          continue;
        }
        if (start < previousEnd) {
          issue(startField, "planning.sla.calendar.overlap");
          continue;
        }
        previousEnd = end;
        open += 1;
      }
    }
    if (open === 0) issue(intervalField("monday", 0, "start"), "planning.sla.calendar.noHours");
    if (parseClosedDays(form.closedDays as string) === null) issue("closedDays", "planning.sla.calendar.closedDayInvalid");
  })
  .transform((form): Omit<BusinessCalendar, "timeZone"> => {
    const week = {} as BusinessCalendar["week"];
    for (const day of weekdays) {
      week[day] = [];
      for (let index = 0; index < INTERVALS_PER_DAY; index++) {
        const start = parseClock(form[intervalField(day, index, "start")] as string);
        const end = parseClock(form[intervalField(day, index, "end")] as string);
        if (start !== null && end !== null) week[day].push({ start, end });
      }
    }
    return {
      week,
      frenchHolidays: form.frenchHolidays as boolean,
      alsaceMoselle: form.alsaceMoselle as boolean,
      closedDays: parseClosedDays(form.closedDays as string) ?? [],
    };
  });

/** The calendar's values for the form fields. */
export function calendarFormValues(calendar: BusinessCalendar): Record<string, string | boolean> {
  const values: Record<string, string | boolean> = {
    frenchHolidays: calendar.frenchHolidays,
    alsaceMoselle: calendar.alsaceMoselle,
    closedDays: formatClosedDays(calendar.closedDays),
  };
  for (const day of weekdays) {
    for (let index = 0; index < INTERVALS_PER_DAY; index++) {
      const interval = calendar.week[day][index];
      values[intervalField(day, index, "start")] = interval ? formatClock(interval.start) : "";
      values[intervalField(day, index, "end")] = interval ? formatClock(interval.end) : "";
    }
  }
  return values;
}

// ───────────────────────────── targets forms ─────────────────────────────

export type SlaTargetName = "firstResponse" | "resolution";

/** Form field of a target's hours or minutes: "urgentFirstResponseHours", or "firstResponseHours" without prefix. */
export function targetField(prefix: string, target: SlaTargetName, unit: "Hours" | "Minutes"): string {
  return prefix ? `${prefix}${target[0].toUpperCase()}${target.slice(1)}${unit}` : `${target}${unit}`;
}

export function splitMinutes(total: number): { hours: number; minutes: number } {
  return { hours: Math.floor(total / 60), minutes: total % 60 };
}

const MAX_TARGET_HOURS = 9999;

function readDuration(form: Record<string, unknown>, prefix: string, target: SlaTargetName): { total: number | null; field: string; message?: MessageKey } {
  const hoursField = targetField(prefix, target, "Hours");
  const minutesField = targetField(prefix, target, "Minutes");
  const hoursText = String(form[hoursField] ?? "").trim();
  const minutesText = String(form[minutesField] ?? "").trim();
  if (!hoursText && !minutesText) return { total: null, field: hoursField, message: "validation.required" };
  if (hoursText && !/^\d+$/.test(hoursText)) return { total: null, field: hoursField, message: "planning.sla.targets.hoursInvalid" };
  if (minutesText && !/^\d+$/.test(minutesText)) return { total: null, field: minutesField, message: "planning.sla.targets.minutesInvalid" };
  const hours = Number(hoursText || "0");
  const minutes = Number(minutesText || "0");
  if (hours > MAX_TARGET_HOURS) return { total: null, field: hoursField, message: "planning.sla.targets.hoursInvalid" };
  if (minutes > 59) return { total: null, field: minutesField, message: "planning.sla.targets.minutesInvalid" };
  const total = hours * 60 + minutes;
  if (total === 0) return { total: null, field: hoursField, message: "planning.sla.targets.zero" };
  return { total, field: hoursField };
}

/** Validates the first-response and resolution targets whose fields start with `prefix` (e.g. "urgent"). */
function refineTargets(form: Record<string, unknown>, prefix: string, context: z.RefinementCtx) {
  const firstResponse = readDuration(form, prefix, "firstResponse");
  const resolution = readDuration(form, prefix, "resolution");
  for (const result of [firstResponse, resolution]) {
    if (result.message) context.addIssue({ code: z.ZodIssueCode.custom, path: [result.field], message: result.message });
  }
  if (firstResponse.total !== null && resolution.total !== null && resolution.total < firstResponse.total) {
    context.addIssue({ code: z.ZodIssueCode.custom, path: [resolution.field], message: "planning.sla.targets.resolutionBeforeResponse" });
  }
}

function targetsOf(form: Record<string, unknown>, prefix: string) {
  return {
    firstResponseMinutes: readDuration(form, prefix, "firstResponse").total ?? 0,
    resolutionMinutes: readDuration(form, prefix, "resolution").total ?? 0,
  };
}

const looseForm = z.record(z.union([z.string(), z.array(z.string())]));

/** The four workspace-wide policies: targets per priority, and whether the priority has an SLA at all. */
export const defaultPoliciesSchema = looseForm
  .superRefine((form, context) => {
    for (const priority of ticketPriorities) {
      if (form[`${priority}Active`] === "on") refineTargets(form, priority, context);
    }
  })
  .transform((form) =>
    ticketPriorities.map((priority) => ({
      priority,
      active: form[`${priority}Active`] === "on",
      ...(form[`${priority}Active`] === "on" ? targetsOf(form, priority) : null),
    })),
  );

/** A company's own targets for one priority (they win over the workspace's). */
export const companyPolicySchema = looseForm
  .superRefine((form, context) => {
    if (typeof form.companyId !== "string" || !form.companyId) context.addIssue({ code: z.ZodIssueCode.custom, path: ["companyId"], message: "validation.choose" });
    if (typeof form.priority !== "string" || !(ticketPriorities as readonly string[]).includes(form.priority)) {
      context.addIssue({ code: z.ZodIssueCode.custom, path: ["priority"], message: "validation.choose" });
    }
    refineTargets(form, "", context);
  })
  .transform((form) => ({
    companyId: String(form.companyId),
    priority: form.priority as TicketPriority,
    ...targetsOf(form, ""),
  }));

/** New targets of an existing company policy. */
export const policyTargetsSchema = looseForm
  .superRefine((form, context) => refineTargets(form, "", context))
  .transform((form) => targetsOf(form, ""));
