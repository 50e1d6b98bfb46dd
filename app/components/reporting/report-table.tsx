import { Link } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { Table, Td, Th } from "~/components/ui/layout";
import type { TableData } from "~/domain/reporting/report-section";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { useReportFormat } from "./report-format";

/** A list of records (a section's table or a drill-down page): the first column links to the record. */
export function ReportTable({ columns, rows, caption }: { columns: TableData["columns"]; rows: TableData["rows"]; caption?: string }) {
  const { t, format } = useI18n();
  const show = useReportFormat();
  const cell = (value: string | number | null, kind: TableData["columns"][number]["format"]) => {
    if (value === null || value === "") return "—";
    if (kind === "date") return format.date(String(value));
    if (kind === "datetime") return format.dateTime(String(value));
    if (kind === "key") return t(String(value) as MessageKey);
    if (kind === "text" || kind === undefined || typeof value === "string") return String(value);
    return show(value, kind);
  };
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          {columns.map((column) => (
            <Th key={column.key} className={column.format && column.format !== "text" && column.format !== "date" && column.format !== "datetime" && column.format !== "key" ? "text-right" : undefined}>
              {t(column.label)}
            </Th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={index}>
            {columns.map((column, position) => {
              const text = cell(row.cells[column.key] ?? null, column.format);
              const numeric = column.format && column.format !== "text" && column.format !== "date" && column.format !== "datetime" && column.format !== "key";
              return (
                <Td key={column.key} className={numeric ? "text-right tabular-nums" : undefined}>
                  {position === 0 && row.href ? (
                    <Link to={row.href} className="font-medium text-brand-700 hover:underline">
                      {text}
                    </Link>
                  ) : (
                    text
                  )}
                </Td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
