import fs from "node:fs";
import { Readable } from "node:stream";
import { fileStorePath } from "./files.server";

/** Raster images a browser may show inline; anything else (SVG, HTML, PDF, Office...) downloads. */
const inlineImageTypes = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

/** An ASCII fallback and the RFC 5987 UTF-8 form of a filename, for Content-Disposition. */
export function contentDisposition(kind: "inline" | "attachment", filename: string): string {
  const ascii = filename
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]/g, "_")
    .replace(/["\\;]/g, "_")
    .trim() || "fichier";
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * A stored attachment streamed from the content-addressed store (no whole-file buffering), with
 * the headers that keep it from ever acting as our page: nosniff, a sandboxed CSP, inline only
 * for plain raster images, a safe filename. Revalidated by its hash (ETag).
 */
export function streamAttachment(request: Request, attachment: { sha256: string; filename: string; contentType: string; size: number }): Response {
  const etag = `"${attachment.sha256}"`;
  const inline = inlineImageTypes.has(attachment.contentType);
  const headers = new Headers({
    "Content-Type": inline || attachment.contentType === "application/pdf" ? attachment.contentType : "application/octet-stream",
    "Content-Disposition": contentDisposition(inline ? "inline" : "attachment", attachment.filename),
    // X-Content-Type-Options: nosniff is set on every response by server/http-security.ts.
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; sandbox",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "private, max-age=3600",
    ETag: etag,
  });
  if (request.headers.get("If-None-Match") === etag) return new Response(null, { status: 304, headers });
  const path = fileStorePath(attachment.sha256);
  const size = fs.statSync(path).size;
  headers.set("Content-Length", String(size));
  const body = Readable.toWeb(fs.createReadStream(path)) as ReadableStream<Uint8Array>;
  return new Response(body, { status: 200, headers });
}
