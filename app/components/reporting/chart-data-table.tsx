import { useI18n } from "~/components/i18n";
import type { ChartData } from "~/domain/reporting/report-section";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { useReportFormat } from "./report-format";

/** How a chart's labels read: series names (keys or plain names) and x values (days, months, labels). */
export function useChartLabels(chart: ChartData, monthStyle: "short" | "long") {
  const { t, locale } = useI18n();
  const language = locale === "fr" ? "fr-FR" : "en-GB";
  const label = (text: MessageKey | string) => (text.includes(".") ? t(text as MessageKey) : text);
  const xText = (x: string) => {
    if (chart.x.kind === "day") return new Intl.DateTimeFormat(language, { day: "numeric", month: "short", timeZone: "UTC" }).format(new Date(`${x}T00:00:00Z`));
    if (chart.x.kind === "month") {
      const style = monthStyle === "long" ? ({ month: "long", year: "numeric" } as const) : ({ month: "short", year: "2-digit" } as const);
      return new Intl.DateTimeFormat(language, { ...style, timeZone: "UTC" }).format(new Date(`${x}-01T00:00:00Z`));
    }
    return label(x);
  };
  return { label, xText };
}

/**
 * A chart's data as a table: the text alternative under each chart (caption for screen readers,
 * each x value opening its records) and, printed, the chart's plain version (caption shown).
 */
export function ChartDataTable({ chart, printed = false }: { chart: ChartData; printed?: boolean }) {
  const { t } = useI18n();
  const show = useReportFormat();
  const { label, xText } = useChartLabels(chart, "long");
  const rule = printed ? "border-b border-slate-300 " : "";
  return (
    <table className="min-w-full text-sm" data-chart-table={chart.id}>
      <caption className={printed ? "mb-1 text-left font-medium text-slate-800" : "sr-only"}>{t(chart.title)}</caption>
      <thead>
        <tr>
          <th scope="col" className={`${rule}px-2 py-1 text-left font-medium text-slate-600`}>
            {t(chart.x.label)}
          </th>
          {chart.series.map((serie) => (
            <th key={serie.key} scope="col" className={`${rule}px-2 py-1 text-right font-medium text-slate-600`}>
              {label(serie.label)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {chart.rows.map((row) => (
          <tr key={row.x} className={printed ? "border-b border-slate-100" : "border-t border-slate-100"}>
            <th scope="row" className="px-2 py-1 text-left font-normal text-slate-700">
              {row.drillDown && !printed ? (
                <a href={row.drillDown} className="text-brand-700 hover:underline">
                  {xText(row.x)}
                </a>
              ) : (
                xText(row.x)
              )}
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
