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
  const source = layout(context, template.preview(props, context), template.body(props, context));
  let result: ReturnType<typeof mjml2html>;
  try {
    result = mjml2html(source, { validationLevel: "strict", keepComments: false });
  } catch (error) {
    throw new EmailTemplateError(`Template ${template.name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (result.errors.length > 0) {
    throw new EmailTemplateError(`Template ${template.name}: ${result.errors.map((error) => error.formattedMessage).join("; ")}`);
  }
  const footerText = context.t("email.mail.footerText", { brand: context.brandName });
  return {
    subject: template.subject(props, context).replace(/[\r\n]+/g, " ").trim(),
    html: result.html,
    text: `${template.text(props, context).trim()}\n\n-- \n${footerText}\n`,
  };
}

function layout(context: EmailContext, preview: string, body: string): string {
  return `<mjml lang="${context.locale}">
  <mj-head>
    <mj-title>${escapeHtml(context.brandName)}</mj-title>
    <mj-preview>${escapeHtml(preview)}</mj-preview>
    <mj-attributes>
      <mj-all font-family="-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif" />
      <mj-text font-size="15px" line-height="1.6" color="#1e293b" padding="0 0 12px 0" />
      <mj-section padding="0" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#f1f5f9" width="600px">
    <mj-section padding="24px 24px 8px 24px">
      <mj-column>
        <mj-text font-size="13px" font-weight="600" color="#475569" padding="0">${escapeHtml(context.brandName)}</mj-text>
      </mj-column>
    </mj-section>
    <mj-wrapper background-color="#ffffff" border-radius="8px" padding="24px" border="1px solid #e2e8f0">
${body}
    </mj-wrapper>
    <mj-section padding="16px 24px 32px 24px">
      <mj-column>
        <mj-text font-size="12px" line-height="1.5" color="#64748b" padding="0">${escapeHtml(context.t("email.mail.footerText", { brand: context.brandName }))}</mj-text>
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
  return `        <mj-text${attributes ? ` ${attributes}` : ""}>${paragraphs.join("")}</mj-text>`;
}

/** Already-safe HTML (sanitised message bodies) inside a text block. */
export function mjSafeHtml(html: string): string {
  return `        <mj-text>${html}</mj-text>`;
}

export function mjButton(label: string, href: string): string {
  return `        <mj-button href="${escapeHtml(href)}" background-color="#1d4ed8" color="#ffffff" font-size="14px" font-weight="600" border-radius="6px" align="left" padding="8px 0 4px 0">${escapeHtml(label)}</mj-button>`;
}

export function mjMuted(text: string): string {
  return `        <mj-text font-size="13px" color="#64748b">${escapeHtml(text).replace(/\n/g, "<br />")}</mj-text>`;
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
