import { formatCents } from "~/domain/sales/money";
import { intlTag } from "~/lib/i18n/locales";
import { mjMuted, mjParagraphs, mjSection, type EmailContext, type EmailTemplate } from "~/lib/mail/render.server";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
import { greeting } from "./acknowledgement.mjml";

/** A quote sent to its contact, the PDF attached (app/domain/sales/quote-commands.server.ts). */
export type QuoteEmailProps = {
  number: string;
  contactName: string;
  /** The seller's legal name (Administration › Devis et mentions). */
  sellerName: string;
  /** The rep who sends it. */
  senderName: string;
  totalExclCents: number;
  totalInclCents: number;
  validUntil: Date;
};

const longDate = (value: Date, context: EmailContext) => new Intl.DateTimeFormat(intlTag(context.locale), { dateStyle: "long", timeZone: WORKSPACE_TIME_ZONE }).format(value);

function paragraphs(props: QuoteEmailProps, context: EmailContext): string[] {
  const { t, locale } = context;
  return [
    greeting(props.contactName, t),
    t("sales.mail.quote.intro", { number: props.number, seller: props.sellerName }),
    t("sales.mail.quote.amounts", { excl: formatCents(props.totalExclCents, locale), incl: formatCents(props.totalInclCents, locale) }),
    t("sales.mail.quote.validity", { date: longDate(props.validUntil, context) }),
    t("sales.mail.quote.accept"),
    t("sales.mail.quote.signature", { name: props.senderName, seller: props.sellerName }),
  ];
}

export const quoteEmail: EmailTemplate<QuoteEmailProps> = {
  name: "quote",
  subject: (props, { t }) => t("sales.mail.quote.subject", { number: props.number, seller: props.sellerName }),
  preview: (props, context) => context.t("sales.mail.quote.preview", { incl: formatCents(props.totalInclCents, context.locale), date: longDate(props.validUntil, context) }),
  body: (props, context) => mjSection(mjParagraphs(paragraphs(props, context).join("\n\n")), mjMuted(context.t("sales.mail.quote.attachment", { file: `${props.number}.pdf` }))),
  text: (props, context) => [...paragraphs(props, context), context.t("sales.mail.quote.attachment", { file: `${props.number}.pdf` })].join("\n\n"),
  footer: (props, context) => context.t("sales.mail.quote.footer", { seller: props.sellerName }),
};
