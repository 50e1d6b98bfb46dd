import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { ReportTable } from "~/components/reporting/report-table";
import { ButtonLink } from "~/components/ui/button";
import { EmptyState, PageHeader } from "~/components/ui/layout";
import { isoDate } from "~/domain/helpdesk/sla/business-calendar";
import { reportContextFromParams } from "~/domain/reporting/dashboard.server";
import { DRILL_DOWN_PAGE_SIZE } from "~/domain/reporting/report-drill-down";
import { reportDrillDowns } from "~/domain/reporting/report-drill-downs.server";
import { periodToParams } from "~/domain/reporting/report-period";
import { requireUser } from "~/lib/auth.server";
import { notFound } from "~/lib/http.server";

export const meta: MetaFunction = () => [{ title: "Détail · Tableau de bord · Comptoir" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:report");
  const drillDown = reportDrillDowns.get(params.figureId ?? "");
  if (!drillDown || !drillDown.shownTo(user)) throw notFound();
  const search = new URL(request.url).searchParams;
  const context = reportContextFromParams(user, search);
  const page = Math.max(1, Math.min(10_000, Number.parseInt(search.get("page") ?? "1", 10) || 1));
  const list = await drillDown.list(context, { offset: (page - 1) * DRILL_DOWN_PAGE_SIZE, limit: DRILL_DOWN_PAGE_SIZE });
  return {
    id: drillDown.id,
    list,
    page,
    pages: Math.max(1, Math.ceil(list.total / DRILL_DOWN_PAGE_SIZE)),
    query: periodToParams(context.period).toString(),
    period: { first: isoDate(context.period.first), last: isoDate(context.period.last) },
  };
}

/** The records behind a dashboard figure, for the same period and rules, page by page, exportable as CSV. */
export default function DrillDownPage() {
  const { id, list, page, pages, query, period } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const at = (day: string) => format.date(`${day}T12:00:00Z`);
  return (
    <>
      <nav className="mb-3 text-sm">
        <Link to={`/tableau-de-bord?${query}`} className="text-brand-700 hover:underline">
          {t("reporting.drill.back")}
        </Link>
      </nav>
      <PageHeader
        title={t(list.title)}
        description={`${t("reporting.period.range", { from: at(period.first), to: at(period.last) })} · ${t("reporting.drill.total", { count: format.number(list.total) })}`}
        actions={list.total > 0 ? <ButtonLink to={`/tableau-de-bord/export/${id}?${query}`} reloadDocument variant="secondary">{t("reporting.drill.export")}</ButtonLink> : null}
      />
      {list.description ? <p className="mb-4 text-sm text-slate-600">{t(list.description)}</p> : null}
      {list.rows.length === 0 ? <EmptyState>{t("reporting.drill.empty")}</EmptyState> : <ReportTable columns={list.columns} rows={list.rows} caption={t(list.title)} />}
      {pages > 1 ? (
        <nav className="mt-4 flex items-center gap-3 text-sm" aria-label={t("common.next")}>
          {page > 1 ? <Link to={`?${query}&page=${page - 1}`} className="text-brand-700 hover:underline">{t("common.previous")}</Link> : null}
          <span className="text-slate-600">
            {page} / {pages}
          </span>
          {page < pages ? <Link to={`?${query}&page=${page + 1}`} className="text-brand-700 hover:underline">{t("common.next")}</Link> : null}
        </nav>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
