import type { LoaderFunctionArgs } from "@remix-run/node";
import { isoDate } from "~/domain/helpdesk/sla/business-calendar";
import { loadDashboard, reportContextFromParams } from "~/domain/reporting/dashboard.server";
import { chartAsTable, reportTableCsv } from "~/domain/reporting/report-csv";
import { requireUser } from "~/lib/auth.server";
import { csvFileName, csvResponse } from "~/lib/csv";
import { notFound } from "~/lib/http.server";
import { isLocale } from "~/lib/i18n/locales";
import { translator } from "~/lib/i18n/translate";

/**
 * A table of the dashboard (a section's table, or a chart's data) as CSV for French Excel: the
 * viewer's own dashboard for the period, so it holds exactly what their page shows; a table of a
 * section they do not see does not exist for them.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:report");
  const context = reportContextFromParams(user, new URL(request.url).searchParams);
  const sections = await loadDashboard(context);
  const table =
    sections.flatMap((section) => section.tables).find((candidate) => candidate.id === params.tableId) ??
    sections.flatMap((section) => section.charts).map(chartAsTable).find((candidate) => candidate.id === params.tableId);
  if (!table) throw notFound();
  const locale = isLocale(user.locale) ? user.locale : "fr";
  const t = translator(locale);
  return csvResponse(reportTableCsv(table, locale, t), csvFileName(`${t(table.title)} ${isoDate(context.period.first)} ${isoDate(context.period.last)}`));
}
