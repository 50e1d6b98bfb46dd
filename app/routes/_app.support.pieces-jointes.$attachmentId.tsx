import type { LoaderFunctionArgs } from "@remix-run/node";
import { findVisibleAttachment } from "~/domain/helpdesk/attachment-access.server";
import { streamAttachment } from "~/lib/attachment-download.server";
import { requireUser } from "~/lib/auth.server";

// A resource route: refusals are plain 404 Responses, never revealing whether the file exists.
const notFound = () => new Response("Not Found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });

/**
 * An agent downloads an attachment (or the thread shows an inline image): only staff who may
 * see the attachment's ticket get it; anyone else gets the same 404 as for an unknown id.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const attachment = await findVisibleAttachment(user, params.attachmentId ?? "");
  if (!attachment) throw notFound();
  return streamAttachment(request, attachment);
}
