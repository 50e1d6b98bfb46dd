import type { LoaderFunctionArgs } from "@remix-run/node";
import { listExportDownload } from "~/domain/exports/list-export.server";
import { exportPermissions } from "~/domain/exports/list-exports";
import { campaignListExport } from "~/domain/marketing/campaigns/campaign-export.server";
import { requireUser } from "~/lib/auth.server";
import { csvDialectFrom, csvStreamResponse } from "~/lib/csv-export";
import { isLocale } from "~/lib/i18n/locales";
import { translator } from "~/lib/i18n/translate";

/** /marketing/campagnes/export.csv?separateur=excel|virgule: the campaigns list as CSV. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, exportPermissions.campaigns);
  const t = translator(isLocale(user.locale) ? user.locale : "fr");
  const dialect = csvDialectFrom(new URL(request.url).searchParams);
  const { body, fileName } = listExportDownload(user.id, campaignListExport(t), dialect);
  return csvStreamResponse(body, fileName, dialect);
}
