import type { LoaderFunctionArgs } from "@remix-run/node";
import { reportContextFromParams } from "~/domain/reporting/dashboard.server";
import { DRILL_DOWN_EXPORT_LIMIT } from "~/domain/reporting/report-drill-down";
import { reportCsvCell } from "~/domain/reporting/report-csv";
import { reportDrillDowns } from "~/domain/reporting/report-drill-downs.server";
import { isoDate } from "~/domain/helpdesk/sla/business-calendar";
import { requireUser } from "~/lib/auth.server";
import { csvFileName, toCsv } from "~/lib/csv";
import { notFound } from "~/lib/http.server";
import { translator } from "~/lib/i18n/translate";
import { isLocale } from "~/lib/i18n/locales";
import type { MessageKey } from "~/lib/i18n/messages/fr";

/** A drill-down list as CSV for French Excel (UTF-8 with BOM, `;`), in the user's language. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:report");
  const drillDown = reportDrillDowns.get(params.figureId ?? "");
  if (!drillDown || !drillDown.shownTo(user)) throw notFound();
  const context = reportContextFromParams(user, new URL(request.url).searchParams);
  const list = await drillDown.list(context, { offset: 0, limit: DRILL_DOWN_EXPORT_LIMIT });
  const locale = isLocale(user.locale) ? user.locale : "fr";
  const t = translator(locale);
  const csv = toCsv(
    list.columns.map((column) => t(column.label)),
    list.rows.map((row) =>
      list.columns.map((column) => {
        const value = row.cells[column.key];
        // A translation key (a status, a rating) is written in the user's language.
        return column.format === "key" && typeof value === "string" ? t(value as MessageKey) : reportCsvCell(value, column.format, locale);
      }),
    ),
  );
  const name = csvFileName(`${t(list.title)} ${isoDate(context.period.first)} ${isoDate(context.period.last)}`);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
