import { fromZoned, parseIsoDate, toZoned, isoDate } from "~/domain/helpdesk/sla/business-calendar";

/** A `datetime-local` value ("2026-12-14T09:30") read in the workspace time zone, or null. */
export function parseLocalDateTime(text: string, timeZone: string): Date | null {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const date = parseIsoDate(match[1]);
  const hours = Number(match[2]);
  const minutes = Number(match[3]);
  if (!date || hours > 23 || minutes > 59) return null;
  return fromZoned(date, hours * 60 + minutes, timeZone);
}

/** The `datetime-local` value of an instant in the workspace time zone. */
export function localDateTimeValue(instant: Date, timeZone: string): string {
  const zoned = toZoned(instant, timeZone);
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${isoDate(zoned.date)}T${pad(Math.floor(zoned.minutes / 60))}:${pad(zoned.minutes % 60)}`;
}
