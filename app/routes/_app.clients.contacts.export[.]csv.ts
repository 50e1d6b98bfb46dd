import type { LoaderFunctionArgs } from "@remix-run/node";
import { companyRef } from "~/domain/customers/company-queries.server";
import { contactListExport } from "~/domain/customers/contact-export.server";
import { contactFiltersOf, contactListSearch } from "~/domain/customers/customer-list-filters";
import { listExportDownload } from "~/domain/exports/list-export.server";
import { exportPermissions } from "~/domain/exports/list-exports";
import { requireUser } from "~/lib/auth.server";
import { csvDialectFrom, csvStreamResponse } from "~/lib/csv-export";
import { isLocale } from "~/lib/i18n/locales";
import { translator } from "~/lib/i18n/translate";

/** /clients/contacts/export.csv?<the list's filters>&separateur=excel|virgule: the contacts list as CSV, streamed and audited. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, exportPermissions.contacts);
  const params = new URL(request.url).searchParams;
  const search = contactListSearch(params);
  const company = search.companyId ? await companyRef(search.companyId) : null;
  const t = translator(isLocale(user.locale) ? user.locale : "fr");
  const dialect = csvDialectFrom(params);
  const { body, fileName } = listExportDownload(user.id, contactListExport(user, contactFiltersOf(search, company?.id), t), dialect, company?.name ?? "");
  return csvStreamResponse(body, fileName, dialect);
}
