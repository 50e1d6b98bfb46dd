import { isoDate, toZoned } from "~/domain/helpdesk/sla/business-calendar";
import type { ReportPeriod } from "~/domain/reporting/report-period";
import { db } from "~/lib/db.server";

/** Dashboard sales/loyalty test data: rows written as stored, and plain local-day arithmetic for the brute-force checks. */

export const ZONE = "Europe/Paris";
export const DAY = 86_400_000;

export { seededRandom as seeded } from "./seeded-random.ts";

const dayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit" });

/** The workspace day of an instant, "YYYY-MM-DD", by the platform's time-zone data (not the code under test). */
export function localDay(instant: Date): string {
  return dayFormat.format(instant);
}

export function inDays(instant: Date | null | undefined, first: string, last: string): boolean {
  if (!instant) return false;
  const day = localDay(instant);
  return day >= first && day <= last;
}

export function daysOf(period: ReportPeriod): [string, string] {
  return [isoDate(period.first), isoDate(period.last)];
}

/** A year earlier, day for day (29 February → 28 February). */
export function yearEarlier(day: string): string {
  const [year, month, date] = day.split("-");
  const shifted = `${Number(year) - 1}-${month}-${date}`;
  return shifted.endsWith("-02-29") ? shifted.replace(/-29$/, "-28") : shifted;
}

/**
 * An instant around the generator's range, a third of them within an hour of a local midnight
 * that starts a month (23:30 on the last day or 00:30 on the first, local time), where UTC and
 * the workspace disagree on the day.
 */
export function anInstant(next: () => number, from: Date, days: number): Date {
  const base = new Date(from.getTime() + Math.floor(next() * days * DAY) + Math.floor(next() * DAY));
  if (next() < 0.35) {
    const local = toZoned(base, ZONE).date;
    const firstOfNext = { year: local.month === 12 ? local.year + 1 : local.year, month: local.month === 12 ? 1 : local.month + 1, day: 1 };
    const midnight = new Date(`${isoDate(firstOfNext)}T00:00:00Z`).getTime() - toOffsetMs(firstOfNext);
    return new Date(midnight + (next() < 0.5 ? -30 : 30) * 60_000);
  }
  return base;
}

function toOffsetMs(day: { year: number; month: number; day: number }): number {
  // The zone's offset at noon that day (Paris changes clocks at 02:00/03:00, never near midnight).
  const noon = new Date(Date.UTC(day.year, day.month - 1, day.day, 12));
  const local = toZoned(noon, ZONE);
  return (local.minutes - 12 * 60) * 60_000;
}

let sequence = 0;

/** A sent (and maybe accepted, ordered) quote as stored. */
export async function aQuote(input: { companyId: string; ownerId: string; sentAt: Date | null; acceptedAt: Date | null; totalExclCents: number; dealId?: string | null }) {
  sequence += 1;
  const status = input.acceptedAt ? "accepted" : input.sentAt ? "sent" : "draft";
  return db().quote.create({
    data: {
      number: `DEV-T-${sequence}`,
      companyId: input.companyId,
      ownerId: input.ownerId,
      dealId: input.dealId ?? null,
      status,
      issueDate: input.sentAt ?? new Date("2026-01-01T00:00:00Z"),
      validUntil: new Date("2027-06-01T00:00:00Z"),
      totalExclCents: input.totalExclCents,
      totalVatCents: Math.round(input.totalExclCents / 5),
      totalInclCents: input.totalExclCents + Math.round(input.totalExclCents / 5),
      sentAt: input.sentAt,
      acceptedAt: input.acceptedAt,
    },
    select: { id: true },
  });
}

/** An order taken from a quote, as stored. */
export async function anOrder(input: { quoteId: string; companyId: string; ownerId: string; orderedAt: Date; totalExclCents: number }) {
  sequence += 1;
  return db().order.create({
    data: {
      number: `CMD-T-${sequence}`,
      quoteId: input.quoteId,
      companyId: input.companyId,
      ownerId: input.ownerId,
      orderedAt: input.orderedAt,
      totalExclCents: input.totalExclCents,
      totalVatCents: Math.round(input.totalExclCents / 5),
      totalInclCents: input.totalExclCents + Math.round(input.totalExclCents / 5),
    },
    select: { id: true },
  });
}
