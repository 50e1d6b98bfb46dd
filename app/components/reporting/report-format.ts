import { useI18n } from "~/components/i18n";
import { formatFigureValue } from "~/domain/reporting/figure-format";
import type { FigureFormat } from "~/domain/reporting/report-section";

/** A figure's number as people read it, in the user's language: counts, euros, percentages, durations. */
export function useReportFormat() {
  const { t, format } = useI18n();
  return (value: number | null, kind: FigureFormat): string => formatFigureValue(value, kind, t, format);
}
