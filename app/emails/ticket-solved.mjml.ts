import { baseSubject, mjButton, mjMuted, mjParagraphs, mjSection, subjectWithToken, type EmailTemplate } from "~/lib/mail/render.server";
import { greeting } from "./acknowledgement.mjml";
import { ratingBlock, ratingText, type RatingLinks } from "./satisfaction-block";

/** Sent when an agent marks a ticket solved (without a reply saying so): how to reopen it. */
export type TicketSolvedProps = { ticketNumber: number; subject: string; requesterName: string; /** Satisfaction links (portal area). */ rating?: RatingLinks | null };

export const ticketSolvedEmail: EmailTemplate<TicketSolvedProps> = {
  name: "ticket-solved",
  subject: (props, { t }) => t("email.mail.solved.subject", { subject: subjectWithToken(props.subject, props.ticketNumber) }),
  preview: (props, { t }) => t("email.mail.solved.preview", { number: props.ticketNumber }),
  body: (props, context) =>
    mjSection(
      mjParagraphs(
        [
          greeting(props.requesterName, context.t),
          context.t("email.mail.solved.text", { number: props.ticketNumber, subject: baseSubject(props.subject) || "—" }),
          context.t("email.mail.solved.reopenHint"),
        ].join("\n\n"),
      ),
      ...ratingBlock(props.rating, context),
      mjButton(context.t("email.mail.portalButton"), `${context.publicUrl}/portail`),
      mjMuted(context.t("email.mail.solved.thanks")),
    ),
  text: (props, context) =>
    [
      greeting(props.requesterName, context.t),
      context.t("email.mail.solved.text", { number: props.ticketNumber, subject: baseSubject(props.subject) || "—" }),
      context.t("email.mail.solved.reopenHint"),
      ...ratingText(props.rating, context),
      context.t("email.mail.portalLine", { url: `${context.publicUrl}/portail` }),
      context.t("email.mail.solved.thanks"),
    ].join("\n\n"),
};
