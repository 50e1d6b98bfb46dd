import { readStoredFile } from "../files.server";

const inlineTypes = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

/**
 * A stored attachment as a download. Only plain images open in the browser; everything else is
 * downloaded. A sandbox CSP and nosniff make sure nothing in the file ever runs as our page.
 */
export async function attachmentResponse(attachment: { sha256: string; filename: string; contentType: string }): Promise<Response> {
  const content = await readStoredFile(attachment.sha256);
  const disposition = inlineTypes.has(attachment.contentType) ? "inline" : "attachment";
  const asciiName = attachment.filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return new Response(new Uint8Array(content), {
    headers: {
      "Content-Type": inlineTypes.has(attachment.contentType) || attachment.contentType === "application/pdf" ? attachment.contentType : "application/octet-stream",
      "Content-Length": String(content.length),
      "Content-Disposition": `${disposition}; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`,
      "Content-Security-Policy": "sandbox; default-src 'none'; img-src 'self'",
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
