import { useMemo } from "react";
import { useI18n } from "~/components/i18n";
import { formatCents, formatPercent, formatQuantity } from "~/domain/sales/money";

/** Cents, basis points and thousandths written in the user's language, exactly (fr-FR for French users). */
export function useMoney() {
  const { locale } = useI18n();
  return useMemo(
    () => ({
      euros: (cents: number) => formatCents(cents, locale),
      percent: (bps: number) => formatPercent(bps, locale),
      quantity: (milli: number) => formatQuantity(milli, locale),
    }),
    [locale],
  );
}
