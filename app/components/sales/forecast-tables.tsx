import type { ForecastAmounts } from "~/domain/sales/forecast";
import { useI18n } from "../i18n";
import { Stat, Table, Td, Th } from "../ui/layout";
import { useSalesFormat } from "./sales-format";

export type ForecastFiguresData = {
  byMonth: Record<string, ForecastAmounts>;
  byQuarter: Array<{ key: string; months: string[]; amounts: ForecastAmounts }>;
  total: ForecastAmounts;
  won: number;
  lost: number;
  winRate: number | null;
  averageCycleDays: number | null;
};

/** "mars 2026" from "2026-03", in the user's language. */
export function useMonthLabel() {
  const { locale } = useI18n();
  const formatter = new Intl.DateTimeFormat(locale === "fr" ? "fr-FR" : "en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
  return (key: string) => formatter.format(new Date(`${key}-15T12:00:00Z`));
}

/** "T1 2026" from "2026-T1". */
export function useQuarterLabel() {
  const { t } = useI18n();
  return (key: string) => {
    const [year, quarter] = key.split("-T");
    return t("sales.forecast.quarterLabel", { quarter: quarter ?? "", year: year ?? "" });
  };
}

/** The period's headline figures: pipeline (weighted and not), won, win rate, cycle length. */
export function ForecastSummary({ figures }: { figures: ForecastFiguresData }) {
  const { t, format } = useI18n();
  const money = useSalesFormat();
  return (
    <div className="mb-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-5" data-testid="forecast-summary">
      <Stat label={t("sales.forecast.weighted")} value={money.cents(figures.total.weightedCents)} />
      <Stat label={t("sales.forecast.unweighted")} value={money.cents(figures.total.openCents)} />
      <Stat label={t("sales.forecast.won")} value={money.cents(figures.total.wonCents)} />
      <Stat
        label={t("sales.forecast.winRate")}
        value={
          <span title={t("sales.forecast.winRateDetail", { won: format.number(figures.won), lost: format.number(figures.lost) })}>
            {figures.winRate === null ? "—" : money.percent(figures.winRate)}
          </span>
        }
      />
      <Stat label={t("sales.forecast.cycle")} value={figures.averageCycleDays === null ? "—" : t("sales.forecast.days", { days: money.decimal(figures.averageCycleDays) })} />
    </div>
  );
}

/** Rows of months or quarters: open deals expected then (count, amount, weighted) against what was won then. */
export function ForecastTable({ caption, rows, total }: { caption: string; rows: Array<{ key: string; label: string; amounts: ForecastAmounts }>; total: ForecastAmounts }) {
  const { t, format } = useI18n();
  const money = useSalesFormat();
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>{t("sales.forecast.colPeriod")}</Th>
          <Th className="text-right">{t("sales.forecast.colOpenCount")}</Th>
          <Th className="text-right">{t("sales.forecast.unweighted")}</Th>
          <Th className="text-right">{t("sales.forecast.weighted")}</Th>
          <Th className="text-right">{t("sales.forecast.won")}</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((row) => (
          <tr key={row.key} data-testid={`forecast-row-${row.key}`}>
            <Td className="font-medium capitalize">{row.label}</Td>
            <Td className="text-right tabular-nums">{format.number(row.amounts.openCount)}</Td>
            <Td className="text-right tabular-nums">{money.cents(row.amounts.openCents)}</Td>
            <Td className="text-right tabular-nums">{money.cents(row.amounts.weightedCents)}</Td>
            <Td className="text-right tabular-nums">{money.cents(row.amounts.wonCents)}</Td>
          </tr>
        ))}
      </tbody>
      <tfoot className="border-t-2 border-slate-200 bg-slate-50 font-semibold">
        <tr>
          <Td>{t("sales.forecast.total")}</Td>
          <Td className="text-right tabular-nums">{format.number(total.openCount)}</Td>
          <Td className="text-right tabular-nums">{money.cents(total.openCents)}</Td>
          <Td className="text-right tabular-nums">{money.cents(total.weightedCents)}</Td>
          <Td className="text-right tabular-nums">{money.cents(total.wonCents)}</Td>
        </tr>
      </tfoot>
    </Table>
  );
}

/** One row per owner over the whole period. */
export function ForecastOwnersTable({ owners }: { owners: Array<{ id: string; name: string } & ForecastFiguresData> }) {
  const { t } = useI18n();
  const money = useSalesFormat();
  return (
    <Table caption={t("sales.forecast.byOwner")}>
      <thead>
        <tr>
          <Th>{t("sales.forecast.colOwner")}</Th>
          <Th className="text-right">{t("sales.forecast.unweighted")}</Th>
          <Th className="text-right">{t("sales.forecast.weighted")}</Th>
          <Th className="text-right">{t("sales.forecast.won")}</Th>
          <Th className="text-right">{t("sales.forecast.winRate")}</Th>
          <Th className="text-right">{t("sales.forecast.cycle")}</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {owners.map((owner) => (
          <tr key={owner.id} data-testid={`forecast-owner-${owner.id}`}>
            <Td className="font-medium">{owner.name}</Td>
            <Td className="text-right tabular-nums">{money.cents(owner.total.openCents)}</Td>
            <Td className="text-right tabular-nums">{money.cents(owner.total.weightedCents)}</Td>
            <Td className="text-right tabular-nums">{money.cents(owner.total.wonCents)}</Td>
            <Td className="text-right tabular-nums">{owner.winRate === null ? "—" : money.percent(owner.winRate)}</Td>
            <Td className="text-right tabular-nums">{owner.averageCycleDays === null ? "—" : t("sales.forecast.days", { days: money.decimal(owner.averageCycleDays) })}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
