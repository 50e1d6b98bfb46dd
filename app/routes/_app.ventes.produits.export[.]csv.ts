import type { LoaderFunctionArgs } from "@remix-run/node";
import { listExportDownload } from "~/domain/exports/list-export.server";
import { productListExport } from "~/domain/sales/product-export.server";
import { productListSearch } from "~/domain/sales/product-schemas";
import { exportPermissions } from "~/domain/exports/list-exports";
import { requireUser } from "~/lib/auth.server";
import { csvDialectFrom, csvStreamResponse } from "~/lib/csv-export";
import { isLocale } from "~/lib/i18n/locales";
import { translator } from "~/lib/i18n/translate";

/** /ventes/produits/export.csv?etat=…&q=…&separateur=excel|virgule: the price list as CSV. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, exportPermissions.products);
  const params = new URL(request.url).searchParams;
  const t = translator(isLocale(user.locale) ? user.locale : "fr");
  const dialect = csvDialectFrom(params);
  const { body, fileName } = listExportDownload(user.id, productListExport(productListSearch(params), t), dialect);
  return csvStreamResponse(body, fileName, dialect);
}
