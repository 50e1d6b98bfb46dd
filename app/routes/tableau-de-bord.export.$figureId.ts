import type { LoaderFunctionArgs } from "@remix-run/node";
import { reportContextFromParams } from "~/domain/reporting/dashboard.server";
import { DRILL_DOWN_EXPORT_LIMIT } from "~/domain/reporting/report-drill-down";
import { reportTableCsv } from "~/domain/reporting/report-csv";
import { reportDrillDowns } from "~/domain/reporting/report-drill-downs.server";
import { isoDate } from "~/domain/helpdesk/sla/business-calendar";
import { requireUser } from "~/lib/auth.server";
import { csvFileName, csvResponse } from "~/lib/csv";
import { notFound } from "~/lib/http.server";
import { translator } from "~/lib/i18n/translate";
import { isLocale } from "~/lib/i18n/locales";

/** A drill-down list as CSV for French Excel (UTF-8 with BOM, `;`), in the user's language. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:report");
  const drillDown = reportDrillDowns.get(params.figureId ?? "");
  if (!drillDown || !drillDown.shownTo(user)) throw notFound();
  const context = reportContextFromParams(user, new URL(request.url).searchParams);
  const list = await drillDown.list(context, { offset: 0, limit: DRILL_DOWN_EXPORT_LIMIT });
  const locale = isLocale(user.locale) ? user.locale : "fr";
  const t = translator(locale);
  return csvResponse(reportTableCsv(list, locale, t), csvFileName(`${t(list.title)} ${isoDate(context.period.first)} ${isoDate(context.period.last)}`));
}
