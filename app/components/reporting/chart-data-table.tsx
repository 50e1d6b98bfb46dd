import { useI18n } from "~/components/i18n";
import type { ChartData } from "~/domain/reporting/report-section";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { useReportFormat } from "./report-format";

/** A chart's data as a plain table, always shown (the printable dashboard's version of a chart). */
export function ChartDataTable({ chart }: { chart: ChartData }) {
  const { t, locale } = useI18n();
  const show = useReportFormat();
  const label = (text: MessageKey | string) => (text.includes(".") ? t(text as MessageKey) : text);
  const xText = (x: string) => {
    const language = locale === "fr" ? "fr-FR" : "en-GB";
    if (chart.x.kind === "day") return new Intl.DateTimeFormat(language, { day: "numeric", month: "short", timeZone: "UTC" }).format(new Date(`${x}T00:00:00Z`));
    if (chart.x.kind === "month") return new Intl.DateTimeFormat(language, { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${x}-01T00:00:00Z`));
    return label(x);
  };
  return (
    <table className="min-w-full text-sm" data-chart-table={chart.id}>
      <caption className="mb-1 text-left font-medium text-slate-800">{t(chart.title)}</caption>
      <thead>
        <tr>
          <th scope="col" className="border-b border-slate-300 px-2 py-1 text-left font-medium text-slate-600">
            {t(chart.x.label)}
          </th>
          {chart.series.map((serie) => (
            <th key={serie.key} scope="col" className="border-b border-slate-300 px-2 py-1 text-right font-medium text-slate-600">
              {label(serie.label)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {chart.rows.map((row) => (
          <tr key={row.x} className="border-b border-slate-100">
            <th scope="row" className="px-2 py-1 text-left font-normal text-slate-700">
              {xText(row.x)}
            </th>
            {chart.series.map((serie) => (
              <td key={serie.key} className="px-2 py-1 text-right tabular-nums">
                {show(row.values[serie.key] ?? null, serie.format)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
