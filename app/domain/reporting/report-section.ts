import type { MessageKey } from "~/lib/i18n/messages/fr";
import type { ReportPeriod } from "./report-period";

/**
 * What a dashboard is made of: sections (service, sales, loyalty, marketing…), each computed by
 * its own module and listed in one registry (`report-sections.server.ts`), like the timeline's
 * sources. A section whose data does not exist for this workspace or viewer returns null and is
 * not shown: no zeros that look like facts.
 *
 * Everything here is plain data (numbers, ISO dates, translation keys) so the page, the CSV
 * export, the printable view and the Monday mail render the same figures.
 */

/** How a figure's number reads: a count, euros in cents, a ratio 0–1, a duration in minutes. */
export type FigureFormat = "count" | "cents" | "ratio" | "minutes" | "days";

/** Which way is good news (the comparison is coloured with it); "neutral" for a plain count. */
export type FigureTrend = "up" | "down" | "neutral";

export type Figure = {
  /** Stable id, also the drill-down's id when the figure has one (`report-drill-downs.server.ts`). */
  id: string;
  label: MessageKey;
  /** A hint under the label: what is counted (from docs/reporting.md). */
  hint?: MessageKey;
  format: FigureFormat;
  /** Null: not computable for this period (nothing to average, no rating yet). */
  value: number | null;
  /** The same figure over the previous period and the same period last year (null when unknown). */
  previous: number | null;
  lastYear: number | null;
  trend: FigureTrend;
  /** True when the figure opens the list of the records behind it. */
  drillDown: boolean;
};

/** A chart's data as a table: one row per x value, one column per series (the chart's text alternative). */
export type ChartData = {
  id: string;
  title: MessageKey;
  kind: "bar" | "stacked-bar" | "line";
  /** The x axis: days (ISO dates), months (YYYY-MM), or labels (translation keys or names). */
  x: { kind: "day" | "month" | "label"; label: MessageKey };
  series: Array<{ key: string; label: MessageKey | string; format: FigureFormat }>;
  rows: Array<{ x: string; values: Record<string, number | null>; drillDown?: string }>;
};

/** A plain table (lists such as "lost customers", "top customers"), each row possibly a link. */
export type TableData = {
  id: string;
  title: MessageKey;
  /**
   * "key": the cell holds a translation key (a status, a rating), shown and exported translated;
   * "datetime": an instant shown with its time (workspace time zone), "date" its day only.
   */
  columns: Array<{ key: string; label: MessageKey; format?: FigureFormat | "date" | "datetime" | "text" | "key" }>;
  rows: Array<{ cells: Record<string, string | number | null>; href?: string }>;
  /** When the list was cut, how many rows there were in all. */
  total?: number;
};

export type SectionData = {
  id: string;
  title: MessageKey;
  figures: Figure[];
  charts: ChartData[];
  tables: TableData[];
};

export type ReportViewer = { id: string; role: string; restrictToGroups: boolean };

export type ReportContext = {
  viewer: ReportViewer;
  period: ReportPeriod;
  previous: ReportPeriod;
  lastYear: ReportPeriod;
  timeZone: string;
  now: Date;
};

export type ReportSection = {
  id: string;
  /** Whether this viewer may see the section at all (a permission, not data). */
  shownTo(viewer: ReportViewer): boolean;
  /** The section's data for the period, or null when there is nothing to show for this workspace. */
  load(context: ReportContext): Promise<SectionData | null>;
};

/** A figure's change against a comparison, as a ratio (+0.25 = 25 % more); null when not computable. */
export function change(value: number | null, against: number | null): number | null {
  if (value === null || against === null || against === 0) return null;
  return (value - against) / Math.abs(against);
}
