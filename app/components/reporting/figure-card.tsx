import { Link } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { cn } from "~/components/ui/cn";
import { change, type Figure } from "~/domain/reporting/report-section";
import { useReportFormat } from "./report-format";

/**
 * One figure: its value, and how it compares with the previous period and the same period a year
 * earlier (green when it moved the good way). The value links to the records behind it.
 */
export function FigureCard({ figure, drillHref }: { figure: Figure; drillHref: string | null }) {
  const { t } = useI18n();
  const show = useReportFormat();
  const value = show(figure.value, figure.format);
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-figure={figure.id} data-value={figure.value ?? ""}>
      <p className="text-sm font-medium text-slate-600">{t(figure.label)}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">
        {drillHref && figure.value !== null ? (
          <Link to={drillHref} className="hover:text-brand-700 hover:underline" aria-label={t("reporting.figure.open", { label: t(figure.label).toLowerCase(), value })}>
            {value}
          </Link>
        ) : (
          value
        )}
      </p>
      {figure.hint ? <p className="mt-1 text-xs text-slate-500">{t(figure.hint)}</p> : null}
      <dl className="mt-3 space-y-1 text-xs">
        <Comparison label={t("reporting.compare.previous")} figure={figure} against={figure.previous} />
        <Comparison label={t("reporting.compare.lastYear")} figure={figure} against={figure.lastYear} />
      </dl>
    </div>
  );
}

function Comparison({ label, figure, against }: { label: string; figure: Figure; against: number | null }) {
  const { t, format } = useI18n();
  const show = useReportFormat();
  const ratio = change(figure.value, against);
  const good = ratio === null || figure.trend === "neutral" || ratio === 0 ? null : (ratio > 0) === (figure.trend === "up");
  return (
    <div className="flex justify-between gap-2">
      <dt className="text-slate-500">{label}</dt>
      <dd className="tabular-nums text-slate-700">
        {against === null ? t("reporting.compare.none") : show(against, figure.format)}
        {ratio !== null ? (
          <span className={cn("ml-2 font-medium", good === true && "text-emerald-700", good === false && "text-red-700")}>
            {t("reporting.compare.change", { sign: ratio > 0 ? "+" : ratio < 0 ? "−" : "", change: format.number(Math.round(Math.abs(ratio) * 1000) / 10) })}
            {good !== null ? <span className="sr-only"> ({t(good ? "reporting.compare.better" : "reporting.compare.worse")})</span> : null}
          </span>
        ) : null}
      </dd>
    </div>
  );
}
