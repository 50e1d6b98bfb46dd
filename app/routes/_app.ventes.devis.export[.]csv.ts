import type { LoaderFunctionArgs } from "@remix-run/node";
import { listExportDownload } from "~/domain/exports/list-export.server";
import { quoteListExport } from "~/domain/sales/quote-export.server";
import { quoteListFilters } from "~/domain/sales/quotes.server";
import { exportPermissions } from "~/domain/exports/list-exports";
import { requireUser } from "~/lib/auth.server";
import { csvDialectFrom, csvStreamResponse } from "~/lib/csv-export";
import { isLocale } from "~/lib/i18n/locales";
import { translator } from "~/lib/i18n/translate";

/** /ventes/devis/export.csv?<the list's filters>&separateur=excel|virgule: the quotes list as CSV (a sales rep: their own). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, exportPermissions.quotes);
  const params = new URL(request.url).searchParams;
  const { filters } = await quoteListFilters(user, params);
  const t = translator(isLocale(user.locale) ? user.locale : "fr");
  const dialect = csvDialectFrom(params);
  const { body, fileName } = listExportDownload(user.id, quoteListExport(user, filters, t), dialect);
  return csvStreamResponse(body, fileName, dialect);
}
