/**
 * Business time: the hours a support team works, in the workspace time zone, without
 * weekends, French public holidays and the extra days the workspace closes. Pure functions,
 * no dependency: time-zone offsets come from Intl, so daylight-saving changes are exact.
 *
 * Everything is computed on instants (Date) at the edges and on local calendar dates inside:
 * a business interval such as 08:30–12:30 is converted to two instants for each day, so a day
 * whose clock jumps still counts the real minutes between them.
 */
import { WORKSPACE_TIME_ZONE } from "../../../lib/workspace-time-zone";

export const weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
export type Weekday = (typeof weekdays)[number];

/** Minutes after local midnight: 8:30 → 510. */
export type BusinessInterval = { start: number; end: number };

export type ClosedDay = { date: string; label: string };

export type BusinessCalendar = {
  timeZone: string;
  /** Opening intervals per weekday, Monday first; an empty list is a closed day. */
  week: Record<Weekday, BusinessInterval[]>;
  /** French public holidays (1 Jan, Easter Monday, 1 May, 8 May, Ascension, Whit Monday, 14 Jul, 15 Aug, 1 Nov, 11 Nov, 25 Dec). */
  frenchHolidays: boolean;
  /** Alsace and Moselle also close on Good Friday and 26 December. */
  alsaceMoselle: boolean;
  /** Extra closed days (YYYY-MM-DD, local), e.g. the company's annual closure. */
  closedDays: ClosedDay[];
};

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const officeDay = (): BusinessInterval[] => [
  { start: 8 * 60 + 30, end: 12 * 60 + 30 },
  { start: 13 * 60 + 30, end: 18 * 60 },
];

/** Monday to Friday, 08:30–12:30 and 13:30–18:00, Paris time, French holidays off. */
export function defaultBusinessCalendar(): BusinessCalendar {
  return {
    timeZone: WORKSPACE_TIME_ZONE,
    week: { monday: officeDay(), tuesday: officeDay(), wednesday: officeDay(), thursday: officeDay(), friday: officeDay(), saturday: [], sunday: [] },
    frenchHolidays: true,
    alsaceMoselle: false,
    closedDays: [],
  };
}

// ───────────────────────────── local dates ─────────────────────────────

/** A calendar day in the calendar's zone. Stored as days since 1970-01-01 for cheap arithmetic. */
export type LocalDate = { year: number; month: number; day: number };

const dayNumber = (date: LocalDate) => Math.floor(Date.UTC(date.year, date.month - 1, date.day) / DAY);
function fromDayNumber(days: number): LocalDate {
  const at = new Date(days * DAY);
  return { year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, day: at.getUTCDate() };
}
export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(dayNumber(date) + days);
}
export function isoDate(date: LocalDate): string {
  return `${String(date.year).padStart(4, "0")}-${String(date.month).padStart(2, "0")}-${String(date.day).padStart(2, "0")}`;
}
export function parseIsoDate(text: string): LocalDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  const check = fromDayNumber(dayNumber(date));
  return check.year === date.year && check.month === date.month && check.day === date.day ? date : null;
}
/** Monday = 0 … Sunday = 6. */
export function weekdayIndex(date: LocalDate): number {
  return (new Date(dayNumber(date) * DAY).getUTCDay() + 6) % 7;
}
export function weekdayOf(date: LocalDate): Weekday {
  return weekdays[weekdayIndex(date)];
}

// ───────────────────────────── time zones ─────────────────────────────

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();
function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = zoneFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    zoneFormatters.set(timeZone, formatter);
  }
  return formatter;
}

// Offsets only change on whole quarter hours (in practice whole hours): cache them per quarter hour.
const offsetCache = new Map<string, number>();
const QUARTER = 15 * MINUTE;

/** The zone's offset from UTC at an instant, in milliseconds (Paris: +1 h in winter, +2 h in summer). */
export function zoneOffset(instant: number, timeZone: string): number {
  const bucket = Math.floor(instant / QUARTER);
  const key = `${timeZone}|${bucket}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const probe = bucket * QUARTER;
  const parts: Record<string, number> = {};
  for (const part of zoneFormatter(timeZone).formatToParts(new Date(probe))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  const offset = asUtc - probe;
  if (offsetCache.size > 50_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

/** The local date and minute of the day of an instant in a zone. */
export function toZoned(instant: Date | number, timeZone: string): { date: LocalDate; minutes: number } {
  const at = typeof instant === "number" ? instant : instant.getTime();
  const local = at + zoneOffset(at, timeZone);
  const days = Math.floor(local / DAY);
  return { date: fromDayNumber(days), minutes: Math.floor((local - days * DAY) / MINUTE) };
}

/**
 * The instant at which the local clock shows `minutes` after midnight on `date`. Like Temporal's
 * "compatible" disambiguation: a time skipped by the spring change moves forward by the gap
 * (02:30 → 03:30), a time repeated in autumn takes its first occurrence.
 */
export function fromZoned(date: LocalDate, minutes: number, timeZone: string): Date {
  const localAsUtc = dayNumber(date) * DAY + minutes * MINUTE;
  const before = zoneOffset(localAsUtc - DAY, timeZone);
  const after = zoneOffset(localAsUtc + DAY, timeZone);
  const candidates = [localAsUtc - before, localAsUtc - after].filter((instant) => instant + zoneOffset(instant, timeZone) === localAsUtc);
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  return new Date(localAsUtc - before);
}

// ───────────────────────────── holidays ─────────────────────────────

/** Easter Sunday (Gregorian), by the anonymous algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { year, month, day };
}

export type HolidayId =
  | "newYear"
  | "goodFriday"
  | "easterMonday"
  | "labourDay"
  | "victory1945"
  | "ascension"
  | "whitMonday"
  | "bastilleDay"
  | "assumption"
  | "allSaints"
  | "armistice"
  | "christmas"
  | "stStephen";

/** The public holidays of a year, in date order. */
export function frenchPublicHolidays(year: number, options: { alsaceMoselle?: boolean } = {}): Array<{ id: HolidayId; date: LocalDate }> {
  const easter = easterSunday(year);
  const fixed = (id: HolidayId, month: number, day: number) => ({ id, date: { year, month, day } });
  const holidays = [
    fixed("newYear", 1, 1),
    { id: "easterMonday" as const, date: addDays(easter, 1) },
    fixed("labourDay", 5, 1),
    fixed("victory1945", 5, 8),
    { id: "ascension" as const, date: addDays(easter, 39) },
    { id: "whitMonday" as const, date: addDays(easter, 50) },
    fixed("bastilleDay", 7, 14),
    fixed("assumption", 8, 15),
    fixed("allSaints", 11, 1),
    fixed("armistice", 11, 11),
    fixed("christmas", 12, 25),
  ];
  if (options.alsaceMoselle) holidays.push({ id: "goodFriday", date: addDays(easter, -2) }, fixed("stStephen", 12, 26));
  return holidays.sort((left, right) => dayNumber(left.date) - dayNumber(right.date));
}

const holidayCache = new Map<string, Set<string>>();
function holidaySet(year: number, alsaceMoselle: boolean): Set<string> {
  const key = `${year}|${alsaceMoselle}`;
  let set = holidayCache.get(key);
  if (!set) {
    set = new Set(frenchPublicHolidays(year, { alsaceMoselle }).map((holiday) => isoDate(holiday.date)));
    holidayCache.set(key, set);
  }
  return set;
}

/** Why a day is closed, or null when its weekly hours apply. */
export function closedReason(date: LocalDate, calendar: BusinessCalendar): "holiday" | "closed_day" | null {
  const iso = isoDate(date);
  if (calendar.frenchHolidays && holidaySet(date.year, calendar.alsaceMoselle).has(iso)) return "holiday";
  if (calendar.closedDays.some((closed) => closed.date === iso)) return "closed_day";
  return null;
}

/** The business intervals of one local day, as instants (empty on closed days). */
export function businessIntervalsOn(date: LocalDate, calendar: BusinessCalendar): Array<{ start: number; end: number }> {
  if (closedReason(date, calendar)) return [];
  return calendar.week[weekdayOf(date)]
    .map((interval) => ({
      start: fromZoned(date, interval.start, calendar.timeZone).getTime(),
      end: fromZoned(date, interval.end, calendar.timeZone).getTime(),
    }))
    .filter((interval) => interval.end > interval.start);
}

export function hasBusinessHours(calendar: BusinessCalendar): boolean {
  return weekdays.some((day) => calendar.week[day].some((interval) => interval.end > interval.start));
}

/** How far ahead the clock looks for business time before giving up (a calendar closed for ten years). */
const HORIZON_DAYS = 3660;

export class NoBusinessHoursError extends Error {
  constructor() {
    super("The business calendar has no opening hours");
    this.name = "NoBusinessHoursError";
  }
}

/**
 * The instant `minutes` business minutes after `from`. Time outside business hours does not
 * count: a request at 17:50 on a Friday with 30 minutes to go is due at 08:50 on Monday
 * (08:50 on Tuesday when Monday is Easter Monday). Zero minutes gives `from` itself.
 */
export function addBusinessMinutes(from: Date, minutes: number, calendar: BusinessCalendar): Date {
  if (!(minutes > 0)) return new Date(from);
  if (!hasBusinessHours(calendar)) throw new NoBusinessHoursError();
  let remaining = minutes * MINUTE;
  const cursor = from.getTime();
  let date = toZoned(cursor, calendar.timeZone).date;
  // The previous local day can still hold an interval that ends after `from` (an interval
  // running past midnight is not allowed, but the autumn change makes a day 25 hours long).
  date = addDays(date, -1);
  for (let step = 0; step <= HORIZON_DAYS; step++, date = addDays(date, 1)) {
    for (const interval of businessIntervalsOn(date, calendar)) {
      const start = Math.max(interval.start, cursor);
      if (start >= interval.end) continue;
      const available = interval.end - start;
      if (remaining <= available) return new Date(start + remaining);
      remaining -= available;
    }
  }
  throw new NoBusinessHoursError();
}

/** Business milliseconds between two instants (0 when `to` is not after `from`). */
export function businessMillisecondsBetween(from: Date, to: Date, calendar: BusinessCalendar): number {
  const start = from.getTime();
  const end = to.getTime();
  if (end <= start) return 0;
  let total = 0;
  let date = addDays(toZoned(start, calendar.timeZone).date, -1);
  const last = dayNumber(toZoned(end, calendar.timeZone).date);
  for (; dayNumber(date) <= last; date = addDays(date, 1)) {
    for (const interval of businessIntervalsOn(date, calendar)) {
      const overlap = Math.min(interval.end, end) - Math.max(interval.start, start);
      if (overlap > 0) total += overlap;
    }
  }
  return total;
}

/** Whole business minutes between two instants (seconds are dropped), 0 when `to` is not after `from`. */
export function businessMinutesBetween(from: Date, to: Date, calendar: BusinessCalendar): number {
  return Math.floor(businessMillisecondsBetween(from, to, calendar) / MINUTE);
}

/** True when `at` falls inside business hours. */
export function isBusinessTime(at: Date, calendar: BusinessCalendar): boolean {
  const instant = at.getTime();
  const { date } = toZoned(instant, calendar.timeZone);
  return [addDays(date, -1), date].some((day) =>
    businessIntervalsOn(day, calendar).some((interval) => instant >= interval.start && instant < interval.end),
  );
}

/** Average business minutes of an open weekday: what "one business day" means for this calendar. */
export function businessMinutesPerDay(calendar: BusinessCalendar): number {
  const open = weekdays.map((day) => calendar.week[day].reduce((sum, interval) => sum + Math.max(0, interval.end - interval.start), 0)).filter((total) => total > 0);
  if (open.length === 0) return 0;
  return Math.round(open.reduce((sum, total) => sum + total, 0) / open.length);
}

// ───────────────────────────── "HH:MM" ─────────────────────────────

export function parseClock(text: string): number | null {
  const match = /^([01]?\d|2[0-4]):([0-5]\d)$/.exec(text.trim());
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= 24 * 60 ? minutes : null;
}

export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

// ───────────────────────────── ISO weeks ─────────────────────────────

/** ISO 8601 week of a local date: week 1 holds the year's first Thursday. */
export function isoWeekOf(date: LocalDate): { year: number; week: number } {
  const thursday = addDays(date, 3 - weekdayIndex(date));
  const firstDay = { year: thursday.year, month: 1, day: 1 };
  return { year: thursday.year, week: 1 + Math.floor((dayNumber(thursday) - dayNumber(firstDay)) / 7) };
}

/** The Monday of an ISO week, or null when the year has no such week. */
export function mondayOfIsoWeek(year: number, week: number): LocalDate | null {
  if (!Number.isInteger(year) || !Number.isInteger(week) || week < 1 || week > 53 || year < 1970 || year > 9999) return null;
  const january4 = { year, month: 1, day: 4 };
  const monday = addDays(january4, 7 * (week - 1) - weekdayIndex(january4));
  const check = isoWeekOf(monday);
  return check.year === year && check.week === week ? monday : null;
}

/** "2026-W48" → the Monday of that week; null when the text is not a week. */
export function parseIsoWeek(text: string): LocalDate | null {
  const match = /^(\d{4})-W(\d{1,2})$/i.exec(text.trim());
  return match ? mondayOfIsoWeek(Number(match[1]), Number(match[2])) : null;
}

export function formatIsoWeek(date: LocalDate): string {
  const { year, week } = isoWeekOf(date);
  return `${year}-W${String(week).padStart(2, "0")}`;
}
