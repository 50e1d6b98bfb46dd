/**
 * Merge fields of a campaign: `{{contact.firstName|Madame, Monsieur}}` in the subject, the MJML
 * body or the plain text becomes the recipient's value, or the fallback after the bar when the
 * recipient has none. Pure: the campaign is rendered once with its placeholders kept, then each
 * recipient's copy is merged here (values HTML-escaped in the HTML part, raw in the text part).
 *
 * `{{unsubscribeUrl}}` is not a merge field of the contact: the sender replaces it with the
 * recipient's own unsubscribe address (tracking-links.server.ts).
 */

export const mergeFieldNames = ["contact.firstName", "contact.lastName", "contact.fullName", "contact.email", "company.name"] as const;
export type MergeFieldName = (typeof mergeFieldNames)[number];
export type MergeValues = Partial<Record<MergeFieldName, string>>;

export const UNSUBSCRIBE_PLACEHOLDER = "{{unsubscribeUrl}}";

/** `{{ name }}` or `{{ name | fallback }}`; the fallback stops at the closing braces. */
const placeholderPattern = /\{\{\s*([A-Za-z][\w.]*)\s*(?:\|([^{}]*))?\}\}/g;

export function isMergeFieldName(name: string): name is MergeFieldName {
  return (mergeFieldNames as readonly string[]).includes(name);
}

export type MergeFieldProblem = { line: number; field: string };

/**
 * The placeholders of a text that name no known field, with their line (1-based), in order.
 * `{{unsubscribeUrl}}` is known; an unclosed `{{` is reported as the field "{{".
 */
export function unknownMergeFields(source: string): MergeFieldProblem[] {
  const problems: MergeFieldProblem[] = [];
  const lines = source.split("\n");
  lines.forEach((line, index) => {
    for (const match of line.matchAll(placeholderPattern)) {
      const name = match[1];
      if (!isMergeFieldName(name) && name !== "unsubscribeUrl") problems.push({ line: index + 1, field: name });
    }
    const withoutPlaceholders = line.replace(placeholderPattern, "");
    if (withoutPlaceholders.includes("{{")) problems.push({ line: index + 1, field: "{{" });
  });
  return problems;
}

export function hasUnsubscribePlaceholder(source: string): boolean {
  return source.includes(UNSUBSCRIBE_PLACEHOLDER);
}

const htmlEscapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function escapeHtmlText(text: string): string {
  return text.replace(/[&<>"']/g, (character) => htmlEscapes[character]);
}

/**
 * The recipient's copy of a rendered text. In "html" mode values are escaped (a company named
 * `<script>` stays text) and fallbacks are kept as the author wrote them (they are part of the
 * author's HTML); in "text" and "header" modes everything is raw, and header values lose their
 * line breaks. A field with no value and no fallback becomes empty, never "undefined".
 */
export function mergeRecipient(template: string, values: MergeValues, mode: "html" | "text" | "header", extra: { unsubscribeUrl?: string } = {}): string {
  return template.replace(placeholderPattern, (whole, name: string, fallback: string | undefined) => {
    if (name === "unsubscribeUrl") return extra.unsubscribeUrl === undefined ? whole : mode === "html" ? escapeHtmlText(extra.unsubscribeUrl) : extra.unsubscribeUrl;
    if (!isMergeFieldName(name)) return whole;
    const value = (values[name] ?? "").trim();
    const chosen = value !== "" ? (mode === "html" ? escapeHtmlText(value) : value) : (fallback ?? "").trim();
    return mode === "header" ? chosen.replace(/[\r\n]+/g, " ") : chosen;
  });
}

/** The merge values of one contact, as stored on its recipient row at launch. */
export function contactMergeValues(contact: { firstName: string; lastName: string; email: string; companyName: string | null }): MergeValues {
  const fullName = `${contact.firstName} ${contact.lastName}`.trim();
  return {
    "contact.firstName": contact.firstName,
    "contact.lastName": contact.lastName,
    "contact.fullName": fullName,
    "contact.email": contact.email,
    "company.name": contact.companyName ?? "",
  };
}

export function parseMergeValues(json: string): MergeValues {
  try {
    const parsed = JSON.parse(json) as unknown;
    if (!parsed || typeof parsed !== "object") return {};
    return Object.fromEntries(Object.entries(parsed as Record<string, unknown>).filter((entry): entry is [MergeFieldName, string] => isMergeFieldName(entry[0]) && typeof entry[1] === "string"));
  } catch {
    return {};
  }
}
