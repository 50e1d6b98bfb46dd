import type { LoaderFunctionArgs } from "@remix-run/node";
import { findPortalAttachment, logPortalRefusal } from "~/domain/portal/portal-access.server";
import { attachmentResponse } from "~/lib/portal/attachment-response.server";
import { requireCustomer, viewerOf } from "~/lib/portal/portal-auth.server";

// A resource route: errors are plain Responses (Remix logs anything else as a server error).
const notFound = () => new Response("Not Found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });

/**
 * A customer downloads an attachment: only one of a public message on a ticket they may see.
 * Any other id (another customer's file, an internal note's, an unknown one) is a 404, logged.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const customer = await requireCustomer(request);
  const id = params.id ?? "";
  const viewer = viewerOf(customer);
  if (id.length > 64) {
    logPortalRefusal(viewer, "an attachment with a malformed id");
    throw notFound();
  }
  const attachment = await findPortalAttachment(viewer, id);
  if (!attachment) throw notFound();
  return attachmentResponse(attachment);
}
