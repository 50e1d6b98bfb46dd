import { can } from "~/domain/identity/permissions";
import { ownedRecordsWhere } from "~/domain/sales/sales-access";
import { isoDate } from "~/domain/helpdesk/sla/business-calendar";
import { periodRange, periodToParams, samePeriodLastYear, type ReportPeriod, type ReportRange } from "../report-period";
import type { ReportContext, ReportViewer } from "../report-section";

/**
 * Who sees the sales and loyalty figures, and whose records they count. The sections follow the
 * sales area: people who work deals (reps, managers, admins: `update:deal`) see them; support
 * reads deals but works tickets, marketing has its own section. A rep's figures count their own
 * records (`ownedRecordsWhere`, the rule of every sales list), a manager's everyone's.
 */
export function seesSalesFigures(viewer: ReportViewer): boolean {
  return can(viewer, "update:deal");
}

/** The owner filter of the viewer's sales figures: {} for everyone's, { ownerId } for a rep's own; null for none. */
export function salesOwnerFilter(viewer: ReportViewer): { ownerId?: string } | null {
  if (!seesSalesFigures(viewer)) return null;
  return ownedRecordsWhere(viewer, "read");
}

/** The period and its two comparisons as instants. */
export function contextRanges(context: ReportContext): { period: ReportRange; previous: ReportRange; lastYear: ReportRange } {
  return {
    period: periodRange(context.period, context.timeZone),
    previous: periodRange(context.previous, context.timeZone),
    lastYear: periodRange(context.lastYear, context.timeZone),
  };
}

/** The drill-down page of a figure for a period (a chart's bar opens the same list over its own days). */
export function drillDownHref(figureId: string, period: ReportPeriod): string {
  return `/tableau-de-bord/detail/${figureId}?${periodToParams(period).toString()}`;
}

/**
 * The months a period touches, each cut to the period's days (a week across two months gives
 * two pieces), with the same days a year earlier. Per-month figures over these add up to the
 * period's figure exactly.
 */
export function monthPieces(period: ReportPeriod): Array<{ key: string; days: ReportPeriod; lastYear: ReportPeriod }> {
  const pieces: Array<{ key: string; days: ReportPeriod; lastYear: ReportPeriod }> = [];
  let year = period.first.year;
  let month = period.first.month;
  for (;;) {
    const monthFirst = { year, month, day: 1 };
    const monthLast = { year, month, day: new Date(Date.UTC(year, month, 0)).getUTCDate() };
    const first = isoDate(monthFirst) < isoDate(period.first) ? period.first : monthFirst;
    const last = isoDate(monthLast) > isoDate(period.last) ? period.last : monthLast;
    if (isoDate(first) > isoDate(period.last)) break;
    const days: ReportPeriod = { kind: "custom", first, last };
    pieces.push({ key: `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`, days, lastYear: samePeriodLastYear(days) });
    month += 1;
    if (month === 13) {
      month = 1;
      year += 1;
    }
  }
  return pieces;
}
