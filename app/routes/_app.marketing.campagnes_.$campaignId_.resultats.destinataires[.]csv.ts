import type { LoaderFunctionArgs } from "@remix-run/node";
import { listExportDownload } from "~/domain/exports/list-export.server";
import { auditRecipientExport, campaignRecipientExport } from "~/domain/marketing/campaigns/campaign-recipients-export.server";
import { exportPermissions } from "~/domain/exports/list-exports";
import { requireUser } from "~/lib/auth.server";
import { csvDialectFrom, csvStreamResponse } from "~/lib/csv-export";
import { notFound } from "~/lib/http.server";
import { isLocale } from "~/lib/i18n/locales";
import { translator } from "~/lib/i18n/translate";

/**
 * /marketing/campagnes/<id>/resultats/destinataires.csv: every recipient with their states,
 * streamed by the list export machinery (French Excel by default, `?separateur=virgule` for
 * comma CSV). Needs update:campaign (marketing and managers); sales read the results but never
 * the addresses in bulk. Audited.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, exportPermissions["campaign-recipients"]);
  const campaignId = params.campaignId ?? "";
  const name = await auditRecipientExport(campaignId, user.id);
  if (name === null) throw notFound();
  const t = translator(isLocale(user.locale) ? user.locale : "fr");
  const dialect = csvDialectFrom(new URL(request.url).searchParams);
  const { body, fileName } = listExportDownload(user.id, campaignRecipientExport(campaignId, t), dialect, name);
  return csvStreamResponse(body, fileName, dialect);
}
