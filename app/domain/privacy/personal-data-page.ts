import type { MessageKey } from "~/lib/i18n/messages/fr";
import { formatters, translator } from "~/lib/i18n/translate";
import type { PersonalData } from "./personal-data.server";

/**
 * The readable page of an access archive (index.html): every section of the JSON, in the
 * person's language, with dates and amounts as they read them. Everything written is escaped:
 * a message body holding `<script>` shows as text. No script, no remote resource.
 */

const escape = (text: string) => text.replace(/[&<>"']/g, (character) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[character]!);

const sections = ["contact", "company", "consents", "consentHistory", "tickets", "attachments", "ratings", "campaignDeliveries", "activities", "visitReports", "deals", "quotes", "orders", "portalSignIns", "portalLinks"] as const;

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;
/** Fields the page leaves out: internal identifiers and the content hash (kept in the JSON). */
const hiddenFields = new Set(["id", "sha256"]);

export function personalDataPage(data: PersonalData, organisation: string): string {
  const t = translator(data.language);
  const format = formatters(data.language);
  const label = (field: string) => t(`privacy.field.${field}` as MessageKey);

  const value = (field: string, raw: unknown): string => {
    if (raw === null || raw === undefined || raw === "") return "—";
    if (typeof raw === "boolean") return escape(raw ? t("privacy.archive.yes") : t("privacy.archive.no"));
    if (typeof raw === "number") return escape(field.endsWith("Cents") ? format.euros(raw / 100) : format.number(raw));
    if (typeof raw === "string") {
      if (isoInstant.test(raw)) return escape(format.dateTime(new Date(raw)));
      if (field === "path") return `<a href="${escape(raw)}">${escape(raw)}</a>`;
      return escape(raw).replace(/\r?\n/g, "<br>");
    }
    if (Array.isArray(raw)) {
      if (raw.length === 0) return "—";
      if (raw.every((item) => typeof item === "string")) return `<ul>${raw.map((item) => `<li>${value(field === "attachments" ? "path" : field, item)}</li>`).join("")}</ul>`;
      return raw.map((item) => record(item as Record<string, unknown>)).join("");
    }
    return record(raw as Record<string, unknown>);
  };
  const record = (entry: Record<string, unknown>): string =>
    `<dl>${Object.entries(entry)
      .filter(([field]) => !hiddenFields.has(field))
      .map(([field, raw]) => `<dt>${escape(label(field))}</dt><dd>${value(field, raw)}</dd>`)
      .join("")}</dl>`;
  const section = (name: (typeof sections)[number]) => {
    const content = data[name];
    const body = content === null || (Array.isArray(content) && content.length === 0) ? `<p class="none">${escape(t("privacy.archive.none"))}</p>` : Array.isArray(content) ? content.map((item) => `<article>${record(item as Record<string, unknown>)}</article>`).join("") : record(content as Record<string, unknown>);
    return `<section><h2>${escape(t(`privacy.section.${name}` as MessageKey))}</h2>${body}</section>`;
  };

  const title = t("privacy.archive.title", { organisation });
  return `<!doctype html>
<html lang="${data.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self'">
<title>${escape(title)}</title>
<style>
body{font-family:system-ui,sans-serif;line-height:1.5;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#0f172a}
h1{font-size:1.5rem}h2{font-size:1.15rem;border-bottom:1px solid #cbd5e1;padding-bottom:.25rem;margin-top:2rem}
article{border:1px solid #e2e8f0;border-radius:.5rem;padding:.5rem 1rem;margin:.75rem 0}
dl{display:grid;grid-template-columns:minmax(10rem,max-content) 1fr;gap:.25rem 1rem;margin:.5rem 0}
dt{font-weight:600;color:#475569}dd{margin:0;overflow-wrap:anywhere}dd dl{border-left:3px solid #e2e8f0;padding-left:.75rem}
.note{background:#fef9c3;padding:.5rem 1rem;border-radius:.5rem}.none{color:#64748b}
</style>
</head>
<body>
<h1>${escape(title)}</h1>
<p>${escape(t("privacy.archive.intro", { date: format.dateTime(new Date(data.generatedAt)) }))}</p>
${data.internalNotesNotIncluded > 0 ? `<p class="note">${escape(t("privacy.archive.internalNotes", { count: String(data.internalNotesNotIncluded) }))}</p>` : ""}
${sections.map(section).join("\n")}
</body>
</html>
`;
}
