import { baseSubject, mjButton, mjMuted, mjParagraphs, mjSection, subjectWithToken, type EmailTemplate } from "~/lib/mail/render.server";

/** Sent when a customer opens a ticket (email, web form, portal): proof we have it, its number, the portal. */
export type AcknowledgementProps = { ticketNumber: number; subject: string; requesterName: string };

export const acknowledgementEmail: EmailTemplate<AcknowledgementProps> = {
  name: "acknowledgement",
  subject: (props, { t }) => t("email.mail.ack.subject", { subject: subjectWithToken(props.subject, props.ticketNumber) }),
  preview: (props, { t }) => t("email.mail.ack.preview", { number: props.ticketNumber }),
  body: (props, context) =>
    mjSection(
      mjParagraphs(
        [
          greeting(props.requesterName, context.t),
          context.t("email.mail.ack.received", { subject: baseSubject(props.subject) || "—" }),
          context.t("email.mail.ack.number", { number: props.ticketNumber }),
          context.t("email.mail.ack.replyHint"),
        ].join("\n\n"),
      ),
      mjButton(context.t("email.mail.portalButton"), `${context.publicUrl}/portail`),
      mjMuted(context.t("email.mail.ack.doNotOpenNew", { number: props.ticketNumber })),
    ),
  text: (props, context) =>
    [
      greeting(props.requesterName, context.t),
      context.t("email.mail.ack.received", { subject: baseSubject(props.subject) || "—" }),
      context.t("email.mail.ack.number", { number: props.ticketNumber }),
      context.t("email.mail.ack.replyHint"),
      context.t("email.mail.portalLine", { url: `${context.publicUrl}/portail` }),
      context.t("email.mail.ack.doNotOpenNew", { number: props.ticketNumber }),
    ].join("\n\n"),
};

export function greeting(name: string, t: (key: "email.mail.greetingNamed" | "email.mail.greeting", params?: Record<string, string>) => string): string {
  return name.trim() ? t("email.mail.greetingNamed", { name: name.trim() }) : t("email.mail.greeting");
}
