import fs from "node:fs";
import { Readable } from "node:stream";
import { fileStorePath } from "./files.server";

/**
 * An article image streamed from the file store with headers that keep it an image: its sniffed
 * content type, nosniff (set on every response by server/http-security.ts), a
 * sandboxed CSP, revalidation by hash. Public images may be cached by anyone for an hour; others
 * only by the reader's browser.
 */
export function articleImageResponse(request: Request, image: { sha256: string; contentType: string; public: boolean }): Response {
  const etag = `"${image.sha256}"`;
  const headers = new Headers({
    "Content-Type": image.contentType,
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cross-Origin-Resource-Policy": "same-site",
    "Cache-Control": image.public ? "public, max-age=3600" : "private, max-age=3600",
    Vary: "Cookie",
    ETag: etag,
  });
  if (request.headers.get("If-None-Match") === etag) return new Response(null, { status: 304, headers });
  const path = fileStorePath(image.sha256);
  headers.set("Content-Length", String(fs.statSync(path).size));
  return new Response(Readable.toWeb(fs.createReadStream(path)) as ReadableStream<Uint8Array>, { status: 200, headers });
}
