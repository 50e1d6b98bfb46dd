import { useI18n } from "~/components/i18n";
import type { FigureFormat } from "~/domain/reporting/report-section";
import { centsToEuros } from "~/domain/sales/money";

/** A figure's number as people read it, in the user's language: counts, euros, percentages, durations. */
export function useReportFormat() {
  const { t, format } = useI18n();
  return (value: number | null, kind: FigureFormat): string => {
    if (value === null) return t("reporting.figure.empty");
    switch (kind) {
      case "count":
        return format.number(value);
      case "cents":
        return format.euros(centsToEuros(value));
      case "ratio":
        return `${format.number(Math.round(value * 1000) / 10)} %`;
      case "minutes": {
        const rounded = Math.round(value);
        if (rounded < 60) return `${format.number(rounded)} min`;
        return t("reporting.format.minutes", { hours: format.number(Math.floor(rounded / 60)), minutes: String(rounded % 60).padStart(2, "0") });
      }
      case "days":
        return t("reporting.format.days", { days: format.number(Math.round(value * 10) / 10) });
    }
  };
}
