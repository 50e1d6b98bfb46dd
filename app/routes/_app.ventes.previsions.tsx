import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { ForecastOwnersTable, ForecastSummary, ForecastTable, useMonthLabel, useQuarterLabel } from "~/components/sales/forecast-tables";
import { useSalesFormat } from "~/components/sales/sales-format";
import { Button } from "~/components/ui/button";
import { SelectField, TextField } from "~/components/ui/field";
import { FilterPills } from "~/components/ui/filter-pills";
import { PageHeader } from "~/components/ui/layout";
import { monthKey } from "~/domain/sales/calendar-months";
import { FORECAST_PERIODS, forecastPeriodFromParams, forecastPeriodParam, periodMonths } from "~/domain/sales/forecast";
import { forecastOwnerChoices, loadForecast } from "~/domain/sales/forecast.server";
import { requireUser } from "~/lib/auth.server";
import { notFound } from "~/lib/http.server";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";

export const meta: MetaFunction = () => [{ title: "Prévisions · Ventes · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:deal");
  const params = new URL(request.url).searchParams;
  const period = forecastPeriodFromParams(params, new Date(), WORKSPACE_TIME_ZONE);
  const owners = await forecastOwnerChoices(user);
  const ownerId = owners.some((owner) => owner.id === params.get("commercial")) ? params.get("commercial") : null;
  const forecast = await loadForecast(user, { period, ownerId });
  if (!forecast) throw notFound();
  const months = periodMonths(period);
  return {
    forecast,
    period: { kind: period.kind, from: monthKey(months[0]!), to: monthKey(months[months.length - 1]!) },
    owners,
    ownerId,
    teamView: owners.length > 0,
  };
}

export default function ForecastPage() {
  const { forecast, period, owners, ownerId, teamView } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const money = useSalesFormat();
  const monthLabel = useMonthLabel();
  const quarterLabel = useQuarterLabel();
  const hrefFor = (kind: (typeof FORECAST_PERIODS)[number]) => {
    const params = new URLSearchParams({ periode: forecastPeriodParam(kind) });
    if (kind === "custom") {
      params.set("de", period.from);
      params.set("a", period.to);
    }
    if (ownerId) params.set("commercial", ownerId);
    return `/ventes/previsions?${params.toString()}`;
  };
  const figures = forecast.team;
  return (
    <>
      <PageHeader title={t("sales.forecast.title")} description={teamView ? t("sales.forecast.introTeam") : t("sales.forecast.introOwn")} />
      <FilterPills
        label={t("sales.forecast.periods")}
        className="mb-4"
        pills={FORECAST_PERIODS.map((kind) => ({ key: kind, to: hrefFor(kind), label: t(`sales.forecast.period.${kind}`), current: period.kind === kind }))}
      />
      <Form method="get" className="mb-6 flex flex-wrap items-end gap-3" aria-label={t("sales.forecast.customLabel")}>
        <input type="hidden" name="periode" value={forecastPeriodParam("custom")} />
        <TextField label={t("sales.forecast.from")} name="de" type="month" defaultValue={period.from} className="w-44" />
        <TextField label={t("sales.forecast.to")} name="a" type="month" defaultValue={period.to} className="w-44" hint={t("sales.forecast.maxMonths")} />
        {teamView ? (
          <SelectField
            label={t("sales.filters.owner")}
            name="commercial"
            defaultValue={ownerId ?? ""}
            className="w-52"
            options={[{ value: "", label: t("sales.forecast.wholeTeam") }, ...owners.map((owner) => ({ value: owner.id, label: owner.name }))]}
          />
        ) : null}
        <Button type="submit" variant="secondary">
          {t("sales.forecast.show")}
        </Button>
      </Form>

      <h2 className="mb-3 text-lg font-semibold text-slate-900">
        {t("sales.forecast.periodHeading", { from: monthLabel(period.from), to: monthLabel(period.to) })}
        {teamView && !ownerId ? <span className="ml-2 text-sm font-normal text-slate-600">{t("sales.forecast.wholeTeam")}</span> : null}
      </h2>
      <ForecastSummary figures={figures} />
      {forecast.undated.count > 0 ? (
        <p className="mb-4 text-sm text-slate-600">{t("sales.forecast.undated", { count: format.number(forecast.undated.count), amount: money.cents(forecast.undated.amountCents) })}</p>
      ) : null}

      <div className="space-y-8">
        <section aria-labelledby="forecast-months">
          <h3 id="forecast-months" className="mb-2 text-base font-semibold text-slate-900">
            {t("sales.forecast.byMonth")}
          </h3>
          <ForecastTable caption={t("sales.forecast.byMonth")} rows={forecast.months.map((key) => ({ key, label: monthLabel(key), amounts: figures.byMonth[key]! }))} total={figures.total} />
        </section>
        <section aria-labelledby="forecast-quarters">
          <h3 id="forecast-quarters" className="mb-2 text-base font-semibold text-slate-900">
            {t("sales.forecast.byQuarter")}
          </h3>
          <ForecastTable caption={t("sales.forecast.byQuarter")} rows={figures.byQuarter.map((quarter) => ({ key: quarter.key, label: quarterLabel(quarter.key), amounts: quarter.amounts }))} total={figures.total} />
        </section>
        {teamView && forecast.owners.length > 0 ? (
          <section aria-labelledby="forecast-owners">
            <h3 id="forecast-owners" className="mb-2 text-base font-semibold text-slate-900">
              {t("sales.forecast.byOwner")}
            </h3>
            <ForecastOwnersTable owners={forecast.owners} />
          </section>
        ) : null}
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
