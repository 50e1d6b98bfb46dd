import type { AttachmentInput } from "~/domain/helpdesk/tickets.server";
import { normaliseFilename } from "~/lib/filenames";
import { storeFile } from "~/lib/files.server";
import type { EmbeddedImage } from "~/lib/html-sanitizer.server";
import type { ParsedAttachment } from "./parse.server";

/**
 * Attachments and inline images: names normalised before anything looks at them, size limits
 * applied per file and per mail (an oversize mail is kept; what is over the limit is dropped and
 * listed in a note agents see), then stored content-addressed under data/files.
 */

export type AttachmentLimits = { maxAttachmentBytes: number; maxMessageAttachmentBytes: number };

export type SelectedAttachment = { filename: string; contentType: string; content: Buffer; contentId: string | null; inline: boolean };
export type DroppedAttachment = { filename: string; size: number; reason: "too_large" | "message_too_large" };

const extensionsByType: Record<string, string> = {
  "message/rfc822": ".eml",
  "text/calendar": ".ics",
  "text/plain": ".txt",
  "text/html": ".html",
  "application/pdf": ".pdf",
  "image/png": ".png",
  "image/jpeg": ".jpg",
  "image/gif": ".gif",
  "image/webp": ".webp",
};

function defaultName(contentType: string, index: number): string {
  const base = contentType === "message/rfc822" ? "message-joint" : contentType.startsWith("image/") ? "image" : "piece-jointe";
  return `${base}-${index + 1}${extensionsByType[contentType] ?? ""}`;
}

/** A content type we can name safely: "type/subtype" or application/octet-stream. */
export function safeContentType(value: string | null | undefined): string {
  const type = (value ?? "").split(";")[0].trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,127}$/.test(type) ? type : "application/octet-stream";
}

/**
 * Chooses what to keep (pure). Inline parts the HTML actually shows are flagged inline; an
 * "inline" image nothing references is listed with the other attachments so it is not lost.
 */
export function selectAttachments(
  attachments: ParsedAttachment[],
  embeddedImages: EmbeddedImage[],
  referencedContentIds: string[],
  limits: AttachmentLimits,
): { kept: SelectedAttachment[]; dropped: DroppedAttachment[] } {
  const referenced = new Set(referencedContentIds.map((id) => id.toLowerCase()));
  const candidates: SelectedAttachment[] = [
    ...attachments.map((attachment, index) => {
      const contentType = safeContentType(attachment.contentType);
      return {
        filename: normaliseFilename(attachment.filename, defaultName(contentType, index)),
        contentType,
        content: attachment.content,
        contentId: attachment.contentId,
        inline: attachment.contentId !== null && referenced.has(attachment.contentId.toLowerCase()) && contentType.startsWith("image/"),
      };
    }),
    ...embeddedImages.map((image, index) => ({
      filename: `image-integree-${index + 1}${extensionsByType[image.contentType] ?? ""}`,
      contentType: image.contentType,
      content: image.content,
      contentId: image.contentId,
      inline: true,
    })),
  ];
  const kept: SelectedAttachment[] = [];
  const dropped: DroppedAttachment[] = [];
  let total = 0;
  for (const candidate of candidates) {
    const size = candidate.content.length;
    if (size > limits.maxAttachmentBytes) {
      dropped.push({ filename: candidate.filename, size, reason: "too_large" });
    } else if (total + size > limits.maxMessageAttachmentBytes) {
      dropped.push({ filename: candidate.filename, size, reason: "message_too_large" });
    } else {
      total += size;
      kept.push(candidate);
    }
  }
  return { kept, dropped };
}

/** Writes the kept files to the content-addressed store (idempotent: same bytes, same file). */
export async function storeAttachments(selected: SelectedAttachment[]): Promise<AttachmentInput[]> {
  const stored: AttachmentInput[] = [];
  for (const attachment of selected) {
    const { sha256, size } = await storeFile(attachment.content);
    stored.push({ sha256, size, filename: attachment.filename, contentType: attachment.contentType, contentId: attachment.contentId, inline: attachment.inline });
  }
  return stored;
}
