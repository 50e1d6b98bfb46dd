import { db } from "~/lib/db.server";
import { generateMessageId } from "~/lib/mail/message-id.server";

/**
 * Campaigns as the sender leaves them (the campaigns stream builds the editor, launch and sender):
 * a sent campaign with its numbered links and one delivery row per recipient (status sent,
 * sentAt, a signed Message-ID from generateMessageId()), plus excluded rows with their reason.
 */

let sequence = 0;

export type RecipientSpec = {
  contactId?: string | null;
  address?: string;
  /** Left out at launch with this reason (no mail, no Message-ID). */
  exclusionReason?: string;
  sentAt?: Date;
};

export async function aSentCampaign(
  input: Partial<{
    name: string;
    links: string[];
    recipients: RecipientSpec[];
    launchedAt: Date;
    costCents: number | null;
    attributionDays: number;
    language: "fr" | "en";
    fromName: string;
  }> = {},
) {
  sequence += 1;
  const launchedAt = input.launchedAt ?? new Date();
  const recipients = input.recipients ?? [];
  const exclusionCounts: Record<string, number> = {};
  for (const recipient of recipients) if (recipient.exclusionReason) exclusionCounts[recipient.exclusionReason] = (exclusionCounts[recipient.exclusionReason] ?? 0) + 1;
  const campaign = await db().campaign.create({
    data: {
      name: input.name ?? `Campagne ${sequence}`,
      status: "sent",
      fromName: input.fromName ?? "Comptoir Démo",
      fromAddress: "marketing@example.test",
      subject: "Nos nouveautés",
      language: input.language ?? "fr",
      mjml: "<mjml><mj-body></mj-body></mjml>",
      costCents: input.costCents ?? null,
      attributionDays: input.attributionDays ?? 90,
      exclusionCounts: JSON.stringify(exclusionCounts),
      recipientCount: recipients.filter((recipient) => !recipient.exclusionReason).length,
      launchedAt,
      finishedAt: launchedAt,
      links: { create: (input.links ?? ["https://www.example.test/offre"]).map((url, index) => ({ position: index, url })) },
    },
    select: { id: true, name: true, links: { select: { id: true, position: true, url: true }, orderBy: { position: "asc" } } },
  });
  const rows = [];
  for (const [index, recipient] of recipients.entries()) {
    const address = recipient.address ?? (recipient.contactId ? await primaryAddress(recipient.contactId) : `destinataire-${sequence}-${index}@exemple.test`);
    const excluded = Boolean(recipient.exclusionReason);
    rows.push(
      await db().campaignRecipient.create({
        data: {
          campaignId: campaign.id,
          contactId: recipient.contactId ?? null,
          address,
          status: excluded ? "excluded" : "sent",
          exclusionReason: recipient.exclusionReason ?? null,
          emailMessageId: excluded ? null : generateMessageId(),
          attempts: excluded ? 0 : 1,
          sentAt: excluded ? null : (recipient.sentAt ?? launchedAt),
        },
        select: { id: true, address: true, contactId: true, emailMessageId: true, status: true },
      }),
    );
  }
  return { ...campaign, recipients: rows };
}

async function primaryAddress(contactId: string): Promise<string> {
  const email = await db().contactEmail.findFirstOrThrow({ where: { contactId }, orderBy: { isPrimary: "desc" }, select: { address: true } });
  return email.address;
}
