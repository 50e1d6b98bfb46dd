import { useMemo } from "react";
import { centsToEuros } from "~/domain/sales/money";
import { intlTag, type Locale } from "~/lib/i18n/locales";
import { useI18n } from "../i18n";

// Built once per language: Intl formatters are costly and a board shows hundreds of amounts.
const cache = new Map<Locale, { percent: Intl.NumberFormat; decimal: Intl.NumberFormat }>();
function numberFormats(locale: Locale) {
  let formats = cache.get(locale);
  if (!formats) {
    const tag = intlTag(locale);
    formats = { percent: new Intl.NumberFormat(tag, { style: "percent", maximumFractionDigits: 1 }), decimal: new Intl.NumberFormat(tag, { maximumFractionDigits: 1 }) };
    cache.set(locale, formats);
  }
  return formats;
}

/** Amounts stored in cents, shown in euros (fr-FR: "12 500,50 €"); shares as percentages; days with one decimal. */
export function useSalesFormat() {
  const { format, locale } = useI18n();
  return useMemo(() => {
    const formats = numberFormats(locale);
    return {
      cents: (cents: number) => format.euros(centsToEuros(cents)),
      percent: (share: number) => formats.percent.format(share),
      decimal: (value: number) => formats.decimal.format(value),
    };
  }, [format, locale]);
}
