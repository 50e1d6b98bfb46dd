import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { FigureCard } from "~/components/reporting/figure-card";
import { PeriodPicker } from "~/components/reporting/period-picker";
import { ReportChart } from "~/components/reporting/report-chart";
import { ReportTable } from "~/components/reporting/report-table";
import { TableExportLink } from "~/components/reporting/table-export-link";
import { ButtonLink } from "~/components/ui/button";
import { Card, EmptyState, PageHeader } from "~/components/ui/layout";
import { isoDate } from "~/domain/helpdesk/sla/business-calendar";
import { loadDashboard, reportContextFromParams } from "~/domain/reporting/dashboard.server";
import { periodIsCurrent, periodToParams } from "~/domain/reporting/report-period";
import { reportDrillDowns } from "~/domain/reporting/report-drill-downs.server";
import { requireUser } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Tableau de bord · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:report");
  const context = reportContextFromParams(user, new URL(request.url).searchParams);
  const sections = await loadDashboard(context);
  const query = periodToParams(context.period).toString();
  // Only figures whose list this viewer may open get a link.
  const drillable = [...reportDrillDowns.values()].filter((drillDown) => drillDown.shownTo(user)).map((drillDown) => drillDown.id);
  return {
    sections,
    query,
    drillable,
    period: { kind: context.period.kind, first: isoDate(context.period.first), last: isoDate(context.period.last), current: periodIsCurrent(context.period, context.now, context.timeZone) },
  };
}

/** The dashboard: the period and its comparisons, then each section the viewer may see that has data. */
export default function DashboardPage() {
  const { sections, query, drillable, period } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const canDrill = new Set(drillable);
  const range = t("reporting.period.range", { from: format.date(`${period.first}T12:00:00Z`), to: format.date(`${period.last}T12:00:00Z`) });
  return (
    <>
      <PageHeader
        title={t("reporting.title")}
        description={period.current ? `${range} (${t("reporting.period.current")})` : range}
        actions={<ButtonLink to={`/tableau-de-bord/imprimer?${query}`} variant="secondary">{t("reporting.print.link")}</ButtonLink>}
      />
      <PeriodPicker kind={period.kind} first={period.first} last={period.last} />
      {sections.length === 0 ? <EmptyState>{t("reporting.nothing")}</EmptyState> : null}
      <div className="space-y-10">
        {sections.map((section) => (
          <section key={section.id} aria-labelledby={`section-${section.id}`} data-section={section.id}>
            <h2 id={`section-${section.id}`} className="mb-4 text-lg font-semibold text-slate-900">
              {t(section.title)}
            </h2>
            {section.figures.length > 0 ? (
              <div className="mb-6 grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
                {section.figures.map((figure) => (
                  <FigureCard key={figure.id} figure={figure} drillHref={figure.drillDown && canDrill.has(figure.id) ? `/tableau-de-bord/detail/${figure.id}?${query}` : null} />
                ))}
              </div>
            ) : null}
            {section.charts.length > 0 ? (
              <div className="mb-6 grid gap-6 lg:grid-cols-2">
                {section.charts.map((chart) => (
                  <ReportChart key={chart.id} chart={chart} exportHref={`/tableau-de-bord/export/tableau/${chart.id}?${query}`} />
                ))}
              </div>
            ) : null}
            {section.tables.map((table) => (
              <Card key={table.id} title={t(table.title)} className="mb-6" actions={<TableExportLink href={`/tableau-de-bord/export/tableau/${table.id}?${query}`} />}>
                <ReportTable columns={table.columns} rows={table.rows} caption={t(table.title)} />
              </Card>
            ))}
          </section>
        ))}
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
