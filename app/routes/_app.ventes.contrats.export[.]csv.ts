import type { LoaderFunctionArgs } from "@remix-run/node";
import { listExportDownload } from "~/domain/exports/list-export.server";
import { exportPermissions } from "~/domain/exports/list-exports";
import { contractListExport } from "~/domain/sales/contract-export.server";
import { contractListFilterFrom } from "~/domain/sales/contract-list-filters";
import { companyForFilter } from "~/domain/sales/quotes.server";
import { requireUser } from "~/lib/auth.server";
import { csvDialectFrom, csvStreamResponse } from "~/lib/csv-export";
import { isLocale } from "~/lib/i18n/locales";
import { translator } from "~/lib/i18n/translate";

/** /ventes/contrats/export.csv?etat=…&societe=…&separateur=excel|virgule: the contracts list as CSV (a sales rep: their own). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, exportPermissions.contracts);
  const params = new URL(request.url).searchParams;
  const companyParam = params.get("societe");
  const company = companyParam ? await companyForFilter(companyParam) : null;
  const t = translator(isLocale(user.locale) ? user.locale : "fr");
  const dialect = csvDialectFrom(params);
  const { body, fileName } = listExportDownload(user.id, contractListExport(user, { state: contractListFilterFrom(params), companyId: company?.id ?? null }, t), dialect);
  return csvStreamResponse(body, fileName, dialect);
}
