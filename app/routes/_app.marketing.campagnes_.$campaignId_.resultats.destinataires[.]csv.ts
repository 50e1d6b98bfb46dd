import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditRecipientExport, campaignRecipientPages } from "~/domain/marketing/campaigns/campaign-recipients-export.server";
import { requireUser } from "~/lib/auth.server";
import { csvCell, csvFileName } from "~/lib/csv";
import { notFound } from "~/lib/http.server";
import { isLocale } from "~/lib/i18n/locales";
import { formatters, translator, type MessageKey } from "~/lib/i18n/translate";

/**
 * /marketing/campagnes/<id>/resultats/destinataires.csv: every recipient with their states,
 * streamed (UTF-8 BOM, `;`, CRLF, like app/lib/csv.ts). Needs update:campaign (marketing and
 * managers); sales read the results but never the addresses in bulk. Audited.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "update:campaign");
  const campaignId = params.campaignId ?? "";
  const name = await auditRecipientExport(campaignId, user.id);
  if (name === null) throw notFound();
  const locale = isLocale(user.locale) ? user.locale : "fr";
  const t = translator(locale);
  const format = formatters(locale);
  const when = (value: Date | null) => (value ? format.dateTime(value) : "");
  const line = (cells: Array<string | null>) => `${cells.map(csvCell).join(";")}\r\n`;
  const header = ["address", "contact", "company", "status", "exclusionReason", "sent", "opened", "clicked", "unsubscribed", "bounced", "replied"].map((column) => t(`campaignResults.csv.${column}` as MessageKey));
  const encoder = new TextEncoder();
  const pages = campaignRecipientPages(campaignId);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`\uFEFF${line(header)}`));
    },
    async pull(controller) {
      const page = await pages.next();
      if (page.done) {
        controller.close();
        return;
      }
      let chunk = "";
      for (const row of page.value) {
        chunk += line([
          row.address,
          row.contact,
          row.company,
          t(`campaignResults.status.${row.status}` as MessageKey),
          row.exclusionReason ? t(`campaignResults.exclusion.${row.exclusionReason}` as MessageKey) : "",
          when(row.sentAt),
          when(row.firstOpenedAt),
          when(row.firstClickedAt),
          when(row.unsubscribedAt),
          when(row.bouncedAt),
          row.replied ? t("campaignResults.yes") : t("campaignResults.no"),
        ]);
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await pages.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${csvFileName(`destinataires-${name}`)}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
