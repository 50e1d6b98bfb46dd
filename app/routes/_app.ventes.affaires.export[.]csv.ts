import type { LoaderFunctionArgs } from "@remix-run/node";
import { listExportDownload } from "~/domain/exports/list-export.server";
import { dealListExport } from "~/domain/sales/deal-export.server";
import { dealListQueryFromParams } from "~/domain/sales/deal-filters";
import { dealFilterContext } from "~/domain/sales/deal-queries.server";
import { exportPermissions } from "~/domain/exports/list-exports";
import { requireUser } from "~/lib/auth.server";
import { csvDialectFrom, csvStreamResponse } from "~/lib/csv-export";
import { isLocale } from "~/lib/i18n/locales";
import { translator } from "~/lib/i18n/translate";

/**
 * /ventes/affaires/export.csv?<the list's filters>&separateur=excel|virgule: the deals list as
 * CSV. A sales rep exports their own deals only (their filter always holds their id).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, exportPermissions.deals);
  const params = new URL(request.url).searchParams;
  const query = dealListQueryFromParams(params, await dealFilterContext(user));
  const t = translator(isLocale(user.locale) ? user.locale : "fr");
  const dialect = csvDialectFrom(params);
  const { body, fileName } = listExportDownload(user.id, dealListExport(user, query, t), dialect);
  return csvStreamResponse(body, fileName, dialect);
}
