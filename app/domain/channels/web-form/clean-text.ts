/**
 * Text typed by customers is kept as text: these helpers only remove what no person types and
 * what can disguise content (control characters, bidi overrides, zero-width characters outside
 * words). HTML and scripts are not "cleaned" here: they stay as typed and React shows them as text.
 */

// C0/C1 controls except tab and newline; direction marks, embeddings, overrides and isolates
// (they can make text read differently from what is stored); BOM.
const invisible = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** One-line fields (name, subject...): controls removed, whitespace collapsed, trimmed. */
export function cleanSingleLine(value: unknown): string {
  if (typeof value !== "string") return "";
  return value.normalize("NFC").replace(invisible, "").replace(/\s+/g, " ").trim();
}

/** Multi-line fields (description, replies): line breaks kept (CRLF → LF), controls removed, ends trimmed. */
export function cleanMultiline(value: unknown): string {
  if (typeof value !== "string") return "";
  return value
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .replace(invisible, "")
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{4,}/g, "\n\n\n")
    .trim();
}
