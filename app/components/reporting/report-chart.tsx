import { useNavigate } from "@remix-run/react";
import { useEffect, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useI18n } from "~/components/i18n";
import { Card } from "~/components/ui/layout";
import type { ChartData } from "~/domain/reporting/report-section";
import { ChartDataTable, useChartLabels } from "./chart-data-table";
import { TableExportLink } from "./table-export-link";
import { useReportFormat } from "./report-format";

/** Colours told apart by people with the common colour blindnesses (Okabe–Ito), on white. */
export const CHART_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000"] as const;

/**
 * A chart with its data as a table underneath (the text alternative, also what a screen reader
 * reads), numbers and dates in the user's language. A bar with a drill-down opens its records.
 */
export function ReportChart({ chart, withTable = true, exportHref }: { chart: ChartData; withTable?: boolean; exportHref?: string }) {
  const { t, format } = useI18n();
  const show = useReportFormat();
  const navigate = useNavigate();
  // Recharts measures its container in the browser (useLayoutEffect): the server sends the frame
  // and the data table, the chart draws once hydrated.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const { label, xText } = useChartLabels(chart, "short");
  const data = chart.rows.map((row) => ({ x: xText(row.x), drillDown: row.drillDown, ...row.values }));
  const first = chart.series[0]?.format ?? "count";
  const axis = (value: number) => (first === "cents" ? format.number(Math.round(value / 100)) : first === "ratio" ? `${Math.round(value * 100)} %` : format.number(value));
  const tooltip = (value: unknown, name: unknown) => {
    const serie = chart.series.find((item) => item.key === name || label(item.label) === name);
    return [show(typeof value === "number" ? value : null, serie?.format ?? "count"), serie ? label(serie.label) : String(name)];
  };
  const open = (entry: unknown) => {
    const href = (entry as { payload?: { drillDown?: string } } | undefined)?.payload?.drillDown;
    if (href) navigate(href);
  };
  const common = (
    <>
      <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
      <XAxis dataKey="x" tick={{ fontSize: 12, fill: "#475569" }} interval="preserveStartEnd" />
      <YAxis tick={{ fontSize: 12, fill: "#475569" }} tickFormatter={axis} width={56} />
      <Tooltip formatter={tooltip} />
      {chart.series.length > 1 ? <Legend formatter={(value: string) => label(chart.series.find((item) => item.key === value)?.label ?? value)} /> : null}
    </>
  );
  return (
    <Card title={t(chart.title)} actions={exportHref ? <TableExportLink href={exportHref} /> : undefined}>
      <div className="h-64 w-full" role="img" aria-label={t(chart.title)} data-chart={chart.id}>
        {hydrated ? (
          <ResponsiveContainer width="100%" height="100%">
            {chart.kind === "line" ? (
              <LineChart data={data}>
                {common}
                {chart.series.map((serie, index) => (
                  <Line key={serie.key} type="monotone" dataKey={serie.key} stroke={CHART_COLOURS[index % CHART_COLOURS.length]} strokeWidth={2} dot={false} isAnimationActive={false} />
                ))}
              </LineChart>
            ) : (
              <BarChart data={data}>
                {common}
                {chart.series.map((serie, index) => (
                  <Bar
                    key={serie.key}
                    dataKey={serie.key}
                    stackId={chart.kind === "stacked-bar" ? "stack" : undefined}
                    fill={CHART_COLOURS[index % CHART_COLOURS.length]}
                    isAnimationActive={false}
                    cursor={chart.rows.some((row) => row.drillDown) ? "pointer" : undefined}
                    onClick={open}
                  />
                ))}
              </BarChart>
            )}
          </ResponsiveContainer>
        ) : null}
      </div>
      {withTable ? (
        <details className="mt-3 text-sm">
          <summary className="cursor-pointer text-brand-700 hover:underline">{t("reporting.chart.table")}</summary>
          <div className="mt-2 overflow-x-auto">
            <ChartDataTable chart={chart} />
          </div>
        </details>
      ) : null}
    </Card>
  );
}
