import { mjButton, mjDivider, mjMuted, mjParagraphs, mjSafeHtml, mjSection, subjectWithToken, type EmailTemplate } from "~/lib/mail/render.server";
import { ratingBlock, ratingText, type RatingLinks } from "./satisfaction-block";

/** An agent's public reply, sent to the requester; says so when the agent solved the ticket with it. */
export type AgentReplyProps = {
  ticketNumber: number;
  subject: string;
  agentName: string;
  bodyText: string;
  /** Sanitised HTML of the reply when the composer produced some; the text is used otherwise. */
  bodyHtml?: string | null;
  solved: boolean;
  /** Satisfaction links when the reply solves the ticket (portal area). */
  rating?: RatingLinks | null;
};

export const agentReplyEmail: EmailTemplate<AgentReplyProps> = {
  name: "agent-reply",
  subject: (props) => `Re: ${subjectWithToken(props.subject, props.ticketNumber)}`,
  preview: (props) => props.bodyText.replace(/\s+/g, " ").trim().slice(0, 140),
  body: (props, context) =>
    mjSection(
      props.bodyHtml ? mjSafeHtml(props.bodyHtml) : mjParagraphs(props.bodyText),
      mjParagraphs(props.agentName, 'font-weight="600" padding="4px 0 16px 0"'),
      mjDivider(),
      ...(props.solved ? [mjParagraphs(context.t("email.mail.reply.solved"), 'font-size="14px"')] : []),
      ...(props.solved ? ratingBlock(props.rating, context) : []),
      mjMuted(context.t("email.mail.reply.replyHint", { number: props.ticketNumber })),
      mjButton(context.t("email.mail.portalButton"), `${context.publicUrl}/portail`),
    ),
  text: (props, context) =>
    [
      props.bodyText.trim(),
      props.agentName,
      "—",
      ...(props.solved ? [context.t("email.mail.reply.solved")] : []),
      ...(props.solved ? ratingText(props.rating, context) : []),
      context.t("email.mail.reply.replyHint", { number: props.ticketNumber }),
      context.t("email.mail.portalLine", { url: `${context.publicUrl}/portail` }),
    ].join("\n\n"),
};
