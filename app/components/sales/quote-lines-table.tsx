import { useI18n } from "~/components/i18n";
import { Table, Td, Th } from "~/components/ui/layout";
import type { DocumentTotals } from "~/domain/sales/money";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { useMoney } from "./use-money";

export type ReadOnlyLine = {
  id: string;
  reference: string;
  description: string;
  unit: string;
  quantityMilli: number;
  unitPriceCents: number;
  discountBps: number;
  vatRateBps: number;
  totalExclCents: number;
};

/** The lines of an issued quote or of an order, read-only, with the totals and VAT per rate. */
export function QuoteLinesTable({ lines, totals, caption }: { lines: ReadOnlyLine[]; totals: DocumentTotals; caption: string }) {
  const { t } = useI18n();
  const money = useMoney();
  return (
    <div className="space-y-4">
      <Table caption={caption}>
        <thead>
          <tr>
            <Th>{t("sales.quote.line.reference")}</Th>
            <Th>{t("sales.quote.line.description")}</Th>
            <Th className="text-right">{t("sales.quote.line.quantity")}</Th>
            <Th>{t("sales.quote.line.unit")}</Th>
            <Th className="text-right">{t("sales.quote.line.unitPrice")}</Th>
            <Th className="text-right">{t("sales.quote.line.discount")}</Th>
            <Th className="text-right">{t("sales.quote.line.vatRate")}</Th>
            <Th className="text-right">{t("sales.quote.line.total")}</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {lines.map((line) => (
            <tr key={line.id}>
              <Td className="font-mono text-xs">{line.reference || "—"}</Td>
              <Td className="whitespace-pre-line">{line.description}</Td>
              <Td className="text-right tabular-nums">{money.quantity(line.quantityMilli)}</Td>
              <Td>{t(`sales.unit.${line.unit}` as MessageKey)}</Td>
              <Td className="text-right tabular-nums">{money.euros(line.unitPriceCents)}</Td>
              <Td className="text-right tabular-nums">{line.discountBps > 0 ? money.percent(line.discountBps) : "—"}</Td>
              <Td className="text-right tabular-nums">{money.percent(line.vatRateBps)}</Td>
              <Td className="text-right font-medium tabular-nums">{money.euros(line.totalExclCents)}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <TotalsList totals={totals} />
    </div>
  );
}

/** Total excl. VAT, VAT per rate on its base, total VAT, total incl. VAT. */
export function TotalsList({ totals, note }: { totals: DocumentTotals; note?: string | null }) {
  const { t } = useI18n();
  const money = useMoney();
  return (
    <div className="ml-auto w-full max-w-sm rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm" data-testid="quote-totals" aria-live="polite">
      <dl className="space-y-1">
        <div className="flex justify-between gap-4">
          <dt>{t("sales.quote.totalExcl")}</dt>
          <dd className="tabular-nums" data-testid="total-excl">
            {money.euros(totals.totalExclCents)}
          </dd>
        </div>
        {totals.vatByRate.map((rate) => (
          <div key={rate.rateBps} className="flex justify-between gap-4 text-slate-600">
            <dt>{t("sales.quote.vatLine", { rate: money.percent(rate.rateBps), base: money.euros(rate.baseCents) })}</dt>
            <dd className="tabular-nums">{money.euros(rate.vatCents)}</dd>
          </div>
        ))}
        <div className="flex justify-between gap-4">
          <dt>{t("sales.quote.totalVat")}</dt>
          <dd className="tabular-nums" data-testid="total-vat">
            {money.euros(totals.totalVatCents)}
          </dd>
        </div>
        <div className="flex justify-between gap-4 border-t border-slate-200 pt-1 text-base font-semibold">
          <dt>{t("sales.quote.totalIncl")}</dt>
          <dd className="tabular-nums" data-testid="total-incl">
            {money.euros(totals.totalInclCents)}
          </dd>
        </div>
      </dl>
      {note ? <p className="mt-2 text-xs text-amber-800">{note}</p> : null}
    </div>
  );
}
