import type { Prisma } from "~/generated/prisma/client";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import type { TicketScopeSql } from "~/lib/sqlite-service-report.server";
import { periodRange, type ReportRange } from "../report-period";
import type { Figure, FigureFormat, FigureTrend, ReportContext } from "../report-section";

/** The three periods of a report as instants: the one shown, the one before, the same a year earlier. */
export type ServiceRanges = { current: ReportRange; previous: ReportRange; lastYear: ReportRange };

export function serviceRanges(context: ReportContext): ServiceRanges {
  return {
    current: periodRange(context.period, context.timeZone),
    previous: periodRange(context.previous, context.timeZone),
    lastYear: periodRange(context.lastYear, context.timeZone),
  };
}

/** What each part of the service section gets: the context, its ranges and the viewer's scope for SQL. */
export type ServicePartInput = {
  context: ReportContext;
  ranges: ServiceRanges;
  /** For the SQL statements (app/lib/sqlite-service-report.server.ts). */
  scope: TicketScopeSql;
  /** The same tickets as a Prisma filter (the viewer's ticket rule, the report scope, merged tickets left out). */
  ticketsWhere: Prisma.TicketWhereInput;
};

export type ServicePart = { figures: Figure[]; charts: import("../report-section").ChartData[]; tables: import("../report-section").TableData[] };

/** A figure with its two comparisons. */
export function serviceFigure(
  id: string,
  label: MessageKey,
  options: { format: FigureFormat; trend: FigureTrend; drillDown?: boolean; hint?: MessageKey },
  values: { value: number | null; previous: number | null; lastYear: number | null },
): Figure {
  return { id, label, hint: options.hint, format: options.format, trend: options.trend, drillDown: options.drillDown ?? false, ...values };
}

/** The same computation for the three periods, one after the other (one database connection). */
export async function forEachRange<T>(ranges: ServiceRanges, compute: (range: ReportRange) => Promise<T>): Promise<{ current: T; previous: T; lastYear: T }> {
  const current = await compute(ranges.current);
  const previous = await compute(ranges.previous);
  const lastYear = await compute(ranges.lastYear);
  return { current, previous, lastYear };
}

/** A ratio, or null when there is nothing to divide by (not a zero that looks like a fact). */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}
