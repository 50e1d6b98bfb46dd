import type { Formatters, Translate } from "../i18n/translate";

/**
 * What the email channel tells agents about how a mail was handled (Message.processingNote):
 * attachments dropped for size, an unreadable MIME structure, an auto-reply, a ticket token
 * refused... Stored as JSON so each agent reads it in their own language; a plain string (written
 * by another channel) is shown as it is.
 */

export type ProcessingNote =
  | { code: "attachments_dropped"; files: Array<{ name: string; size: number; reason: "too_large" | "message_too_large" }>; maxAttachmentBytes: number; maxMessageBytes: number }
  | { code: "parse_warning"; detail: string }
  | { code: "body_truncated"; originalLength: number }
  | { code: "closed_ticket_follow_up"; ticketNumber: number }
  | { code: "automated"; kind: string; reason: string }
  | { code: "duplicate_message_id"; messageId: string }
  | { code: "thread_refused"; ticketNumber: number };

export function encodeProcessingNotes(notes: ProcessingNote[]): string | null {
  return notes.length > 0 ? JSON.stringify({ notes }) : null;
}

export function decodeProcessingNotes(value: string | null | undefined): ProcessingNote[] | string | null {
  if (!value) return null;
  try {
    const parsed = JSON.parse(value) as { notes?: unknown };
    if (parsed && Array.isArray(parsed.notes)) return parsed.notes as ProcessingNote[];
  } catch {
    // Not ours: shown as written.
  }
  return value;
}

/** Bytes as "20,4 Mo" / "20.4 MB". */
export function formatBytes(bytes: number, format: Pick<Formatters, "number">, t: Translate): string {
  if (bytes >= 1024 * 1024) return t("email.size.mb", { value: format.number(Math.round((bytes / (1024 * 1024)) * 10) / 10) });
  if (bytes >= 1024) return t("email.size.kb", { value: format.number(Math.round(bytes / 1024)) });
  return t("email.size.bytes", { value: format.number(bytes) });
}

export function describeProcessingNote(note: ProcessingNote, t: Translate, format: Pick<Formatters, "number">): string {
  switch (note.code) {
    case "attachments_dropped":
      return t("email.note.attachmentsDropped", {
        files: note.files.map((file) => `${file.name} (${formatBytes(file.size, format, t)})`).join(", "),
        perFile: formatBytes(note.maxAttachmentBytes, format, t),
        perMessage: formatBytes(note.maxMessageBytes, format, t),
      });
    case "parse_warning":
      return t("email.note.parseWarning", { detail: note.detail });
    case "body_truncated":
      return t("email.note.bodyTruncated", { length: format.number(note.originalLength) });
    case "closed_ticket_follow_up":
      return t("email.note.closedTicketFollowUp", { number: note.ticketNumber });
    case "automated":
      return t("email.note.automated", { reason: note.reason });
    case "duplicate_message_id":
      return t("email.note.duplicateMessageId", { messageId: note.messageId });
    case "thread_refused":
      return t("email.note.threadRefused", { number: note.ticketNumber });
    default:
      return "";
  }
}
