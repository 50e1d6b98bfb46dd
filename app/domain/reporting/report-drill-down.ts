import type { MessageKey } from "~/lib/i18n/messages/fr";
import type { ReportContext, ReportViewer, TableData } from "./report-section";

/**
 * The records behind a figure: every figure with `drillDown: true` has a drill-down of the same
 * id that lists exactly what the figure counts, for the same viewer, period and rules (the tests
 * check that the list's total equals the figure). Listed in `report-drill-downs.server.ts`.
 */
export type DrillDownPage = {
  title: MessageKey;
  /** What the list is, in a sentence (the figure's definition). */
  description?: MessageKey;
  columns: TableData["columns"];
  rows: TableData["rows"];
  total: number;
};

export type DrillDown = {
  id: string;
  shownTo(viewer: ReportViewer): boolean;
  /** One page of the records (offset/limit), or all of them for the CSV export (limit: null, capped by the caller). */
  list(context: ReportContext, page: { offset: number; limit: number | null }): Promise<DrillDownPage>;
};

/** The largest CSV export of one list (a quarter of a large workspace's tickets fits). */
export const DRILL_DOWN_EXPORT_LIMIT = 100_000;
export const DRILL_DOWN_PAGE_SIZE = 50;
