import type { Formatters, Translate } from "~/lib/i18n/translate";
import { centsToEuros } from "~/domain/sales/money";
import { change, type Figure, type FigureFormat } from "./report-section";

/**
 * How a figure reads, in the reader's language: the one formatting shared by the dashboard page
 * (useReportFormat) and the Monday mail, so both show the same text for the same number.
 */
export function formatFigureValue(value: number | null, kind: FigureFormat, t: Translate, format: Formatters): string {
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
}

/** A figure's change against a comparison: "+12,5 %", "−3 %", and whether it is good news (null: neither). */
export function formatFigureChange(figure: Figure, against: number | null, t: Translate, format: Formatters): { text: string; good: boolean | null } | null {
  const ratio = change(figure.value, against);
  if (ratio === null) return null;
  const good = figure.trend === "neutral" || ratio === 0 ? null : (ratio > 0) === (figure.trend === "up");
  return {
    text: t("reporting.compare.change", { sign: ratio > 0 ? "+" : ratio < 0 ? "−" : "", change: format.number(Math.round(Math.abs(ratio) * 1000) / 10) }),
    good,
  };
}
