/**
 * The images an article may hold: raster formats a browser shows and cannot run. The type is read
 * from the bytes, never from the name or the browser's claim; SVG (which can carry scripts) and
 * anything else are refused.
 */

export const articleImageTypes = ["image/png", "image/jpeg", "image/gif", "image/webp"] as const;
export type ArticleImageType = (typeof articleImageTypes)[number];

/** The file names an author may pick (the `accept` attribute too). */
export const articleImageExtensions = [".png", ".jpg", ".jpeg", ".gif", ".webp"] as const;
export const articleImageAccept = articleImageExtensions.join(",");

/** Same limit as an attachment's file. */
export const MAX_ARTICLE_IMAGE_BYTES = 10 * 1024 * 1024;

const startsWith = (content: Uint8Array, bytes: number[], offset = 0) => bytes.every((byte, index) => content[offset + index] === byte);
const ascii = (text: string) => [...text].map((character) => character.charCodeAt(0));

/** The image type the bytes are, or null. */
export function sniffImageType(content: Uint8Array): ArticleImageType | null {
  if (startsWith(content, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(content, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(content, ascii("GIF87a")) || startsWith(content, ascii("GIF89a"))) return "image/gif";
  if (startsWith(content, ascii("RIFF")) && startsWith(content, ascii("WEBP"), 8)) return "image/webp";
  return null;
}

export function hasImageExtension(fileName: string): boolean {
  const lower = fileName.toLowerCase();
  return articleImageExtensions.some((extension) => lower.endsWith(extension));
}

/** The address articles use for a stored image (what the sanitiser lets through). */
export function articleImageUrl(imageId: string): string {
  return `/aide/images/${imageId}`;
}
