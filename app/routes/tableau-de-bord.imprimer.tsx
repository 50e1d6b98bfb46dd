import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { ChartDataTable } from "~/components/reporting/chart-data-table";
import { FigureCard } from "~/components/reporting/figure-card";
import { ReportChart } from "~/components/reporting/report-chart";
import { ReportTable } from "~/components/reporting/report-table";
import { Button } from "~/components/ui/button";
import { isoDate } from "~/domain/helpdesk/sla/business-calendar";
import { loadDashboard, reportContextFromParams } from "~/domain/reporting/dashboard.server";
import { periodIsCurrent, periodToParams } from "~/domain/reporting/report-period";
import { requireUser } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Tableau de bord (impression) · Comptoir" }];

/** The same sections and period as the dashboard, laid out for paper. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:report");
  const context = reportContextFromParams(user, new URL(request.url).searchParams);
  const sections = await loadDashboard(context);
  return {
    sections,
    query: periodToParams(context.period).toString(),
    viewer: user.name,
    printedAt: context.now.toISOString(),
    period: { first: isoDate(context.period.first), last: isoDate(context.period.last), current: periodIsCurrent(context.period, context.now, context.timeZone) },
  };
}

/**
 * The dashboard for a monthly meeting: no navigation, every section with its figures and their
 * comparisons, each chart drawn and followed by its data, every table whole; a print button that
 * does not print. Each section starts a page; figures, charts and tables are not cut across pages.
 */
export default function PrintableDashboard() {
  const { sections, query, viewer, printedAt, period } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const range = t("reporting.period.range", { from: format.date(`${period.first}T12:00:00Z`), to: format.date(`${period.last}T12:00:00Z`) });
  return (
    <main className="mx-auto max-w-5xl bg-white p-6 text-slate-900 print:max-w-none print:p-0" data-printable-dashboard>
      <div className="mb-6 flex items-center justify-between gap-4 print:hidden">
        <Link to={`/tableau-de-bord?${query}`} className="text-sm text-brand-700 hover:underline">
          {t("reporting.drill.back")}
        </Link>
        <Button type="button" onClick={() => window.print()}>
          {t("reporting.print.button")}
        </Button>
      </div>
      <header className="mb-6 border-b border-slate-300 pb-3">
        <h1 className="text-2xl font-semibold">{t("reporting.title")}</h1>
        <p className="text-sm text-slate-600">
          {period.current ? `${range} (${t("reporting.period.current")})` : range} · {t("reporting.print.by", { name: viewer, date: format.dateTime(printedAt) })}
        </p>
      </header>
      {sections.length === 0 ? <p>{t("reporting.nothing")}</p> : null}
      {sections.map((section) => (
        <section key={section.id} className="mb-8 break-inside-auto print:break-before-page print:first-of-type:break-before-auto" data-section={section.id}>
          <h2 className="mb-3 break-after-avoid border-b border-slate-200 pb-1 text-lg font-semibold">{t(section.title)}</h2>
          {section.figures.length > 0 ? (
            <div className="mb-4 grid grid-cols-2 gap-3 md:grid-cols-3 print:grid-cols-3">
              {section.figures.map((figure) => (
                <div key={figure.id} className="break-inside-avoid">
                  <FigureCard figure={figure} drillHref={null} />
                </div>
              ))}
            </div>
          ) : null}
          {section.charts.map((chart) => (
            <div key={chart.id} className="mb-4 break-inside-avoid">
              <ReportChart chart={chart} withTable={false} />
              <div className="mt-2">
                <ChartDataTable chart={chart} printed />
              </div>
            </div>
          ))}
          {section.tables.map((table) => (
            <div key={table.id} className="mb-4 break-inside-avoid">
              <h3 className="mb-1 text-sm font-semibold">{t(table.title)}</h3>
              <ReportTable columns={table.columns} rows={table.rows} caption={t(table.title)} />
              {table.total !== undefined && table.total > table.rows.length ? (
                <p className="mt-1 text-xs text-slate-500">{t("reporting.print.more", { shown: format.number(table.rows.length), total: format.number(table.total) })}</p>
              ) : null}
            </div>
          ))}
        </section>
      ))}
    </main>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
