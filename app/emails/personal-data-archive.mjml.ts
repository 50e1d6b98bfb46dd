import { mjButton, mjMuted, mjParagraphs, mjSection, type EmailTemplate } from "~/lib/mail/render.server";
import { greeting } from "./acknowledgement.mjml";

/** Sent when the archive a customer asked for from the portal is ready: a signed link, valid until the archive expires. */
export type PersonalDataArchiveProps = { firstName: string; url: string; expiresOn: string };

export const personalDataArchiveEmail: EmailTemplate<PersonalDataArchiveProps> = {
  name: "personal-data-archive",
  subject: (_props, { t }) => t("privacy.mail.subject"),
  preview: (props, { t }) => t("privacy.mail.body", { date: props.expiresOn }),
  body: (props, context) =>
    mjSection(
      mjParagraphs([greeting(props.firstName, context.t), context.t("privacy.mail.body", { date: props.expiresOn })].join("\n\n")),
      mjButton(context.t("privacy.mail.button"), props.url),
      mjMuted(context.t("privacy.mail.notYou")),
    ),
  text: (props, context) => [greeting(props.firstName, context.t), context.t("privacy.mail.body", { date: props.expiresOn }), props.url, context.t("privacy.mail.notYou")].join("\n\n"),
};
