import { randomBytes } from "node:crypto";
import mjml2html from "mjml";
import { escapeHtml } from "../html-sanitizer.server";
import { env } from "../env.server";
import { isLocale, type Locale } from "../i18n/locales";
import { translator, type Translate } from "../i18n/translate";

/**
 * The one way system mail is rendered: an MJML template (app/emails/*.mjml.ts) becomes responsive
 * HTML plus a plain-text part, in the recipient's language (fr/en). Templates only describe
 * content; this module adds the shared layout and checks the MJML strictly, so a broken template
 * fails its test instead of sending a broken mail.
 */

export type EmailContext = {
  t: Translate;
  locale: Locale;
  /** Our public address, e.g. https://support.exemple.fr (no trailing slash). */
  publicUrl: string;
  /** The name mail is sent under (MAIL_FROM's display name). */
  brandName: string;
};

export type EmailTemplate<Props> = {
  /** Stable name, e.g. "acknowledgement" (logs, tests). */
  name: string;
  subject(props: Props, context: EmailContext): string;
  /** One line shown by mail clients next to the subject. */
  preview(props: Props, context: EmailContext): string;
  /** MJML sections that go inside the layout's <mj-body>; build them with the helpers below. */
  body(props: Props, context: EmailContext): string;
  /** The same content as plain text. */
  text(props: Props, context: EmailContext): string;
  /** The line under the mail; by default the helpdesk's ("this message is about a support request, reply to it"). */
  footer?(props: Props, context: EmailContext): string;
};

export type RenderedEmail = { subject: string; html: string; text: string };

export class EmailTemplateError extends Error {}

export function emailContext(locale: string, overrides: Partial<Pick<EmailContext, "publicUrl" | "brandName">> = {}): EmailContext {
  const language: Locale = isLocale(locale) ? locale : "fr";
  return {
    t: translator(language),
    locale: language,
    publicUrl: overrides.publicUrl ?? env().PUBLIC_URL,
    brandName: overrides.brandName ?? env().mail.from.name,
  };
}

export function renderEmail<Props>(template: EmailTemplate<Props>, props: Props, locale: string, overrides?: Partial<Pick<EmailContext, "publicUrl" | "brandName">>): RenderedEmail {
  const context = emailContext(locale, overrides);
  const values: string[] = [];
  const source = withSlots(values, () => layout(context, template.preview(props, context), template.body(props, context), footerOf(template, props, context)));
  const compiledLayout = compiledLayoutFor(template.name, source, values.length);
  const html = compiledLayout ? fillSlots(compiledLayout, values) : compile(template.name, fillSlots(source, values));
  return finish(template, props, context, html);
}

/**
 * The same mail compiled by MJML with the values written into its source, as every mail was
 * rendered before compiled layouts were cached. Kept as the reference the tests compare
 * renderEmail with (tests/unit/email-render-cache.test.ts).
 */
export function renderEmailUncached<Props>(template: EmailTemplate<Props>, props: Props, locale: string, overrides?: Partial<Pick<EmailContext, "publicUrl" | "brandName">>): RenderedEmail {
  const context = emailContext(locale, overrides);
  return finish(template, props, context, compile(template.name, layout(context, template.preview(props, context), template.body(props, context), footerOf(template, props, context))));
}

function footerOf<Props>(template: EmailTemplate<Props>, props: Props, context: EmailContext): string {
  return template.footer?.(props, context) ?? context.t("email.mail.footerText", { brand: context.brandName });
}

function finish<Props>(template: EmailTemplate<Props>, props: Props, context: EmailContext, html: string): RenderedEmail {
  const footerText = footerOf(template, props, context);
  return {
    subject: template.subject(props, context).replace(/[\r\n]+/g, " ").trim(),
    html,
    text: `${template.text(props, context).trim()}\n\n-- \n${footerText}\n`,
  };
}

function compile(templateName: string, source: string): string {
  let result: ReturnType<typeof mjml2html>;
  try {
    result = mjml2html(source, { validationLevel: "strict", keepComments: false });
  } catch (error) {
    throw new EmailTemplateError(`Template ${templateName}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (result.errors.length > 0) {
    throw new EmailTemplateError(`Template ${templateName}: ${result.errors.map((error) => error.formattedMessage).join("; ")}`);
  }
  return result.html;
}

// ───────────── compiled layouts: MJML compiles the structure once, values are filled in after ─────────────
//
// MJML turns structure into HTML (tables, Outlook conditionals, media queries): about 5 ms of CPU
// per mail, much more on a busy machine, paid inside the transaction that queues the mail. The
// values never change that structure: every one of them is escaped HTML (or sanitised HTML) placed
// as the whole content of an MJML "ending tag" (mj-text, mj-button, mj-title, mj-preview), which
// MJML copies through untouched apart from trimming it, or as a button's href, copied as is. So
// while a template is rendered, the helpers below put a placeholder in the MJML source instead
// of each value; the source with placeholders is compiled once per structure (template, language,
// optional blocks), and each mail is that HTML with its values put back in one pass. Customer
// text therefore never reaches MJML at all. A compiled layout in which a placeholder did not come
// out is not used: that mail is compiled with its values, as before.
//
// One difference with compiling each mail: MJML adds a Google Fonts link when the text of the
// mail mentions "font-family: <one of its web fonts>"; customer text can no longer do that.

const slotNonce = randomBytes(8).toString("hex");
const slotToken = new RegExp(`mjslot${slotNonce}n(\\d+)z`, "g");
const MAX_COMPILED_LAYOUTS = 200;
const compiledLayouts = new Map<string, string | null>();
/** The values of the mail being rendered, while its template runs (synchronously); null otherwise. */
let slotValues: string[] | null = null;

function withSlots(values: string[], build: () => string): string {
  const previous = slotValues;
  slotValues = values;
  try {
    return build();
  } finally {
    slotValues = previous;
  }
}

/** HTML that is the whole content of an MJML ending tag (which MJML trims): a placeholder while rendering. */
function contentSlot(html: string): string {
  const value = html.trim();
  if (slotValues === null || value === "") return html;
  slotValues.push(value);
  return `mjslot${slotNonce}n${slotValues.length - 1}z`;
}

/** An attribute value (already escaped): a placeholder while rendering. */
function attributeSlot(value: string): string {
  if (slotValues === null || value === "") return value;
  slotValues.push(value);
  return `mjslot${slotNonce}n${slotValues.length - 1}z`;
}

/** One pass: a value put in is never scanned again, whatever it contains. */
function fillSlots(text: string, values: string[]): string {
  return text.replace(slotToken, (_token, index: string) => values[Number(index)]);
}

/** The HTML of a source with placeholders, compiled once; null when a placeholder did not survive compilation. */
function compiledLayoutFor(templateName: string, source: string, slots: number): string | null {
  const cached = compiledLayouts.get(source);
  if (cached !== undefined) return cached;
  const html = compile(templateName, source);
  const seen = new Set([...html.matchAll(slotToken)].map((match) => Number(match[1])));
  const usable = seen.size === slots ? html : null;
  if (compiledLayouts.size >= MAX_COMPILED_LAYOUTS) compiledLayouts.delete(compiledLayouts.keys().next().value!);
  compiledLayouts.set(source, usable);
  return usable;
}

function layout(context: EmailContext, preview: string, body: string, footer: string): string {
  return `<mjml lang="${context.locale}">
  <mj-head>
    <mj-title>${contentSlot(escapeHtml(context.brandName))}</mj-title>
    <mj-preview>${contentSlot(escapeHtml(preview))}</mj-preview>
    <mj-attributes>
      <mj-all font-family="-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif" />
      <mj-text font-size="15px" line-height="1.6" color="#1e293b" padding="0 0 12px 0" />
      <mj-section padding="0" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#f1f5f9" width="600px">
    <mj-section padding="24px 24px 8px 24px">
      <mj-column>
        <mj-text font-size="13px" font-weight="600" color="#475569" padding="0">${contentSlot(escapeHtml(context.brandName))}</mj-text>
      </mj-column>
    </mj-section>
    <mj-wrapper background-color="#ffffff" border-radius="8px" padding="24px" border="1px solid #e2e8f0">
${body}
    </mj-wrapper>
    <mj-section padding="16px 24px 32px 24px">
      <mj-column>
        <mj-text font-size="12px" line-height="1.5" color="#64748b" padding="0">${contentSlot(escapeHtml(footer))}</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
}

// ───────────── helpers for templates: everything they interpolate is escaped here ─────────────

/** A section with one column holding the given MJML elements. */
export function mjSection(...elements: string[]): string {
  return `      <mj-section><mj-column>\n${elements.join("\n")}\n      </mj-column></mj-section>`;
}

/** Plain text as a paragraph block: escaped, line breaks kept, blank lines start new paragraphs. */
export function mjParagraphs(text: string, attributes = ""): string {
  const paragraphs = text
    .replace(/\r\n/g, "\n")
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p style="margin:0 0 12px 0">${escapeHtml(paragraph).replace(/\n/g, "<br />")}</p>`);
  return `        <mj-text${attributes ? ` ${attributes}` : ""}>${contentSlot(paragraphs.join(""))}</mj-text>`;
}

/** Already-safe HTML (sanitised message bodies) inside a text block. */
export function mjSafeHtml(html: string): string {
  return `        <mj-text>${contentSlot(html)}</mj-text>`;
}

export function mjButton(label: string, href: string): string {
  return `        <mj-button href="${attributeSlot(escapeHtml(href))}" background-color="#1d4ed8" color="#ffffff" font-size="14px" font-weight="600" border-radius="6px" align="left" padding="8px 0 4px 0">${contentSlot(escapeHtml(label))}</mj-button>`;
}

export function mjMuted(text: string): string {
  return `        <mj-text font-size="13px" color="#64748b">${contentSlot(escapeHtml(text).replace(/\n/g, "<br />"))}</mj-text>`;
}

export function mjDivider(): string {
  return `        <mj-divider border-width="1px" border-color="#e2e8f0" padding="8px 0 16px 0" />`;
}

/** "Re: Re: TR: Imprimante [#12]" → "Imprimante": the subject without reply prefixes and our token. */
export function baseSubject(subject: string): string {
  let current = subject.replace(/\[#\s?\d+\]/g, " ");
  for (;;) {
    const next = current.replace(/^\s*(?:re|tr|fw|fwd|aw|wg|rif|sv|vs|réf|ref)\s*(?:\[\d+\])?\s*:\s*/i, "");
    if (next === current) break;
    current = next;
  }
  return current.replace(/\s+/g, " ").trim();
}

/** "Imprimante bloquée [#1234]": the token that threads replies back to the ticket. */
export function subjectWithToken(subject: string, ticketNumber: number): string {
  return `${baseSubject(subject) || "—"} [#${ticketNumber}]`;
}
