import type { CsvCell } from "~/lib/csv";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
import { isoDate, toZoned } from "../helpdesk/sla/business-calendar";
import type { TableData } from "./report-section";

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
