import type { LoaderFunctionArgs } from "@remix-run/node";
import { inboundRaw } from "~/domain/channels/email/email-admin.server";
import { streamAttachment } from "~/lib/attachment-download.server";
import { requireUser } from "~/lib/auth.server";

/** The administrator downloads a received mail exactly as it arrived (.eml), to inspect or replay it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "manage:setting");
  const raw = await inboundRaw(params.inboundId ?? "");
  if (!raw) throw new Response("Not Found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const stamp = raw.receivedAt.toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return streamAttachment(request, { sha256: raw.rawSha256, filename: `message-${stamp}-uid${raw.uid}.eml`, contentType: "message/rfc822", size: raw.size });
}
