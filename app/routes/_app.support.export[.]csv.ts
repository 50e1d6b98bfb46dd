import type { LoaderFunctionArgs } from "@remix-run/node";
import { listExportDownload } from "~/domain/exports/list-export.server";
import { parseQueueSearch } from "~/domain/helpdesk/queue-views";
import { ticketListExport } from "~/domain/helpdesk/ticket-export.server";
import { exportPermissions } from "~/domain/exports/list-exports";
import { requireUser } from "~/lib/auth.server";
import { csvDialectFrom, csvStreamResponse } from "~/lib/csv-export";
import { isLocale } from "~/lib/i18n/locales";
import { translator } from "~/lib/i18n/translate";

/**
 * /support/export.csv?vue=…&<the view's filters>&separateur=excel|virgule: a Support view as CSV,
 * with the viewer's record rule, streamed and audited. Filters the URL could not apply are left
 * out, as on screen.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, exportPermissions.tickets);
  const params = new URL(request.url).searchParams;
  const { view, filters } = parseQueueSearch(params);
  const t = translator(isLocale(user.locale) ? user.locale : "fr");
  const dialect = csvDialectFrom(params);
  const { body, fileName } = listExportDownload(user.id, ticketListExport(user, view, filters, t), dialect);
  return csvStreamResponse(body, fileName, dialect);
}
