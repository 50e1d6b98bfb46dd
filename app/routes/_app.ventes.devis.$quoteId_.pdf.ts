import type { LoaderFunctionArgs } from "@remix-run/node";
import { renderQuotePdf, quotePdfFilename } from "~/domain/sales/quote-pdf.server";
import { quoteDocumentFor } from "~/domain/sales/quotes.server";
import { contentDisposition } from "~/lib/attachment-download.server";
import { can } from "~/domain/identity/permissions";
import { requireUser } from "~/lib/auth.server";

// A resource route: refusals are plain Responses (404 never reveals whether the quote exists).
const notFound = () => new Response("Not Found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
const forbidden = () => new Response("Forbidden", { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });

/**
 * The quote's PDF, for whoever may read the quote (its rep, managers, support read-only). A sent
 * quote is printed from the copies taken when it was sent, so a deleted contact or a changed
 * seller setting never changes it.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!can(user, "read:deal")) throw forbidden();
  const quote = await quoteDocumentFor(user, params.quoteId ?? "");
  if (!quote) throw notFound();
  const pdf = await renderQuotePdf(quote);
  return new Response(new Uint8Array(pdf), {
    status: 200,
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": contentDisposition("attachment", quotePdfFilename(quote.number)),
      "Content-Length": String(pdf.length),
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": "private, no-store",
    },
  });
}
