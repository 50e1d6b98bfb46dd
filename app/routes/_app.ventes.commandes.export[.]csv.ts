import type { LoaderFunctionArgs } from "@remix-run/node";
import { listExportDownload } from "~/domain/exports/list-export.server";
import { orderListExport } from "~/domain/sales/order-export.server";
import { orderListFilters } from "~/domain/sales/orders.server";
import { exportPermissions } from "~/domain/exports/list-exports";
import { requireUser } from "~/lib/auth.server";
import { csvDialectFrom, csvStreamResponse } from "~/lib/csv-export";
import { isLocale } from "~/lib/i18n/locales";
import { translator } from "~/lib/i18n/translate";

/** /ventes/commandes/export.csv?<the list's period and owner>&separateur=excel|virgule: the orders list as CSV (a sales rep: their own). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, exportPermissions.orders);
  const params = new URL(request.url).searchParams;
  const { filters } = await orderListFilters(user, params);
  const t = translator(isLocale(user.locale) ? user.locale : "fr");
  const dialect = csvDialectFrom(params);
  const { body, fileName } = listExportDownload(user.id, orderListExport(user, filters, t), dialect);
  return csvStreamResponse(body, fileName, dialect);
}
