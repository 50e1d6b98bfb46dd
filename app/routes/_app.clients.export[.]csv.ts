import type { LoaderFunctionArgs } from "@remix-run/node";
import { companyListExport } from "~/domain/customers/company-export.server";
import { listCompanyCities } from "~/domain/customers/company-queries.server";
import { listCompanyOwners } from "~/domain/customers/company-records.server";
import { companyFiltersOf, companyListSearch } from "~/domain/customers/customer-list-filters";
import { listExportDownload } from "~/domain/exports/list-export.server";
import { exportPermissions } from "~/domain/exports/list-exports";
import { requireUser } from "~/lib/auth.server";
import { csvDialectFrom, csvStreamResponse } from "~/lib/csv-export";
import { isLocale } from "~/lib/i18n/locales";
import { translator } from "~/lib/i18n/translate";

/** /clients/export.csv?<the list's filters>&separateur=excel|virgule: the companies list as CSV, streamed and audited. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, exportPermissions.companies);
  const params = new URL(request.url).searchParams;
  const [owners, cities] = await Promise.all([listCompanyOwners(), listCompanyCities()]);
  const search = companyListSearch(params, { owners, cities });
  const t = translator(isLocale(user.locale) ? user.locale : "fr");
  const dialect = csvDialectFrom(params);
  const { body, fileName } = listExportDownload(user.id, companyListExport(user, companyFiltersOf(search), t), dialect);
  return csvStreamResponse(body, fileName, dialect);
}
