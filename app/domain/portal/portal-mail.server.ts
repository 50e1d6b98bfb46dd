import { queueTemplateEmailInTransaction } from "~/domain/channels/email/outbox.server";
import { portalLinkEmail } from "~/emails/portal-link.mjml";
import type { TransactionClient } from "~/lib/db.server";
import { env } from "~/lib/env.server";

/** The sign-in link mail, queued in the outbox with the link row (same transaction). */
export async function queuePortalLinkEmail(
  tx: TransactionClient,
  input: { toAddress: string; token: string; returnTo?: string; firstName: string; language: "fr" | "en"; expiresInMinutes: number },
): Promise<void> {
  const url = `${env().PUBLIC_URL}/portail/lien/${input.token}${input.returnTo ? `?vers=${encodeURIComponent(input.returnTo)}` : ""}`;
  await queueTemplateEmailInTransaction(tx, {
    kind: "portal_link",
    to: input.toAddress,
    automatic: "auto-generated",
    template: portalLinkEmail,
    props: { firstName: input.firstName, url, expiresInMinutes: input.expiresInMinutes },
    locale: input.language,
  });
}
