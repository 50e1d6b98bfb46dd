import { mjButton, mjParagraphs, type EmailContext } from "~/lib/mail/render.server";

/**
 * "Are you satisfied?" with one link per answer, added to the mails that tell the customer their
 * ticket is solved. Links come from satisfactionLinks() (app/domain/portal/satisfaction.server.ts):
 * signed, no sign-in needed; the page they open asks for a comment and records the rating once.
 */
export type RatingLinks = { good: string; bad: string };

export function ratingBlock(rating: RatingLinks | null | undefined, context: EmailContext): string[] {
  if (!rating) return [];
  return [
    mjParagraphs(context.t("portal.mail.rate.question"), 'font-weight="600" padding="8px 0 4px 0"'),
    mjButton(context.t("portal.mail.rate.good"), rating.good),
    mjButton(context.t("portal.mail.rate.bad"), rating.bad),
  ];
}

export function ratingText(rating: RatingLinks | null | undefined, context: EmailContext): string[] {
  if (!rating) return [];
  return [context.t("portal.mail.rate.line", { good: rating.good, bad: rating.bad })];
}
