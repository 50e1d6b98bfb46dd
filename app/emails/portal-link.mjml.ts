import { mjButton, mjMuted, mjParagraphs, mjSection, type EmailTemplate } from "~/lib/mail/render.server";
import { greeting } from "./acknowledgement.mjml";

/** Sent when a customer asks to sign in to the portal: a single-use link, valid a few minutes. */
export type PortalLinkProps = { firstName: string; url: string; expiresInMinutes: number };

export const portalLinkEmail: EmailTemplate<PortalLinkProps> = {
  name: "portal-link",
  subject: (_props, { t }) => t("portal.mail.link.subject"),
  preview: (props, { t }) => t("portal.mail.link.preview", { minutes: props.expiresInMinutes }),
  body: (props, context) =>
    mjSection(
      mjParagraphs([greeting(props.firstName, context.t), context.t("portal.mail.link.text")].join("\n\n")),
      mjButton(context.t("portal.mail.link.button"), props.url),
      mjMuted(context.t("portal.mail.link.validity", { minutes: props.expiresInMinutes })),
      mjMuted(context.t("portal.mail.link.notYou")),
    ),
  text: (props, context) =>
    [
      greeting(props.firstName, context.t),
      context.t("portal.mail.link.text"),
      props.url,
      context.t("portal.mail.link.validity", { minutes: props.expiresInMinutes }),
      context.t("portal.mail.link.notYou"),
    ].join("\n\n"),
};
