import fs from "node:fs";
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { archiveForLink, recordArchiveDownloaded } from "~/domain/privacy/personal-data-exports.server";
import { rateLimiter } from "~/lib/rate-limit.server";
import { translator } from "~/lib/i18n/translate";

/**
 * /portail/donnees/<signed link>: the access archive a customer asked for, from the link mailed to
 * their address. Valid until the archive expires; audited. A wrong, forged or expired link gets
 * the same 404 page (it never says whether an archive exists), and each address may try only so
 * often.
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const limited = rateLimiter("personal-data-link:ip", 30, 15 * 60_000).hit(context.clientAddress || "unknown").limited;
  const archive = limited ? null : await archiveForLink(params.token ?? "");
  if (!archive) {
    const page = (["fr", "en"] as const).map((locale) => `<p lang="${locale}">${translator(locale)("privacy.download.expired")}</p>`).join("");
    return new Response(`<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Comptoir</title></head><body>${page}<p><a href="/portail/compte">/portail/compte</a></p></body></html>`, {
      status: limited ? 429 : 404,
      headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  await recordArchiveDownloaded(archive, { via: "portal" });
  return new Response(createReadableStreamFromReadable(fs.createReadStream(archive.filePath)) as unknown as BodyInit, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Length": String(archive.sizeBytes),
      "Content-Disposition": `attachment; filename="${archive.fileName}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
    },
  });
}
