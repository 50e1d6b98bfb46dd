import { toCsv, type CsvCell } from "~/lib/csv";
import type { Translate } from "~/lib/i18n/translate";
import { fr, type MessageKey } from "~/lib/i18n/messages/fr";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
import { isoDate, toZoned } from "../helpdesk/sla/business-calendar";
import type { ChartData, TableData } from "./report-section";

/** Whether a label or cell is one of our translation keys (a chart's x labels and series are keys or plain names). */
function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(fr, value);
}

type ColumnFormat = TableData["columns"][number]["format"];

/**
 * A report cell as a spreadsheet reads it: euros from cents with a decimal comma in French
 * ("1250,50"), ratios as percentages, dates as day/month/year (French) or ISO (English), the rest
 * as is. Numbers stay numbers, so the columns sum in Excel.
 */
export function reportCsvCell(value: string | number | null | undefined, format: ColumnFormat, locale: "fr" | "en"): CsvCell {
  if (value === null || value === undefined || value === "") return null;
  const decimal = (number: number, digits: number) => (locale === "fr" ? number.toFixed(digits).replace(".", ",") : number.toFixed(digits));
  if (typeof value === "number") {
    if (format === "cents") return decimal(value / 100, 2);
    if (format === "ratio") return decimal(value * 100, 1);
    if (format === "days") return decimal(value, 1);
    return value;
  }
  if (format === "date" || format === "datetime") {
    // An instant (ISO with Z or an offset) is written at the workspace's local time, as the page shows it.
    if (/T\d{2}:\d{2}.*(?:Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value))) {
      const local = toZoned(new Date(value), WORKSPACE_TIME_ZONE);
      const clock = `${String(Math.floor(local.minutes / 60)).padStart(2, "0")}:${String(local.minutes % 60).padStart(2, "0")}`;
      value = `${isoDate(local.date)}T${clock}`;
    }
    const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(value);
    if (!match) return value;
    const [, year, month, day, hours, minutes] = match;
    if (locale === "en") return hours ? `${year}-${month}-${day} ${hours}:${minutes}` : `${year}-${month}-${day}`;
    return hours ? `${day}/${month}/${year} ${hours}:${minutes}` : `${day}/${month}/${year}`;
  }
  return value;
}

/** A chart's data as the table a spreadsheet gets: the x value, then one column per series. */
export function chartAsTable(chart: ChartData): TableData {
  return {
    id: chart.id,
    title: chart.title,
    columns: [
      { key: "x", label: chart.x.label, format: chart.x.kind === "day" ? "date" : "text" },
      ...chart.series.map((serie) => ({ key: serie.key, label: serie.label as MessageKey, format: serie.format })),
    ],
    rows: chart.rows.map((row) => ({ cells: { x: row.x, ...row.values } })),
  };
}

/**
 * A report table (a drill-down list, a section's table, a chart's data) as CSV for French Excel,
 * in the user's language: labels and cells holding a translation key translated, numbers as
 * `reportCsvCell` writes them.
 */
export function reportTableCsv(table: Pick<TableData, "columns" | "rows">, locale: "fr" | "en", t: Translate): string {
  const text = (value: string) => (isMessageKey(value) ? t(value) : value);
  return toCsv(
    table.columns.map((column) => text(column.label)),
    table.rows.map((row) =>
      table.columns.map((column) => {
        const value = row.cells[column.key];
        if (typeof value === "string" && (column.format === "key" || column.format === "text")) return text(value);
        return reportCsvCell(value, column.format, locale);
      }),
    ),
  );
}
