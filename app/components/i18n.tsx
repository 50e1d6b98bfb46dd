import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { defaultLocale, isLocale, type Locale } from "~/lib/i18n/locales";
import { formatters, translator } from "~/lib/i18n/translate";
import type { loader as rootLoader } from "~/root";

/** The current language, its translator and its formatters (dates, numbers, euros). */
export function useI18n() {
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const locale: Locale = isLocale(root?.locale) ? root.locale : defaultLocale;
  return useMemo(() => ({ locale, t: translator(locale), format: formatters(locale) }), [locale]);
}
