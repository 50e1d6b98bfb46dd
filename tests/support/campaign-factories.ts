import { db } from "~/lib/db.server";
import { generateMessageId } from "~/lib/mail/message-id.server";
import type { SegmentDefinition } from "~/domain/marketing/segments/segment-definition";
import { starterCampaignMjml } from "~/domain/marketing/campaigns/campaign-template";

/** Segments, consents and campaigns for the campaign tests (the builder UI is another stream's). */

export const everyoneInFrench: SegmentDefinition = { match: "all", groups: [{ match: "all", conditions: [{ kind: "contact.language", params: { language: "fr" } }] }] };
export const mailableConsent: SegmentDefinition = { match: "all", groups: [{ match: "all", conditions: [{ kind: "marketing.consentState", params: { states: ["opt_in", "b2b_interest"] } }] }] };

let sequence = 0;

export async function aSegment(definition: SegmentDefinition = everyoneInFrench, name = `Segment ${++sequence}`) {
  return db().segment.create({ data: { name, definition: JSON.stringify(definition) }, select: { id: true } });
}

export async function aConsent(address: string, state: string, contactId: string | null = null) {
  await db().marketingConsent.upsert({
    where: { address },
    create: { address, state, source: "manual", contactId },
    update: { state },
  });
}

export async function aCampaign(overrides: Partial<{ segmentIds: string[]; mjml: string; subject: string; ratePerMinute: number; excludeOpenIncidents: boolean; name: string; status: string }> = {}) {
  return db().campaign.create({
    data: {
      name: overrides.name ?? `Campagne ${++sequence}`,
      status: overrides.status ?? "draft",
      fromName: "Atelier Martin",
      fromAddress: "marketing@atelier.test",
      replyTo: "contact@atelier.test",
      subject: overrides.subject ?? "Bonjour {{contact.firstName|cher client}}",
      mjml: overrides.mjml ?? starterCampaignMjml,
      ratePerMinute: overrides.ratePerMinute ?? 6000,
      excludeOpenIncidents: overrides.excludeOpenIncidents ?? true,
      segments: { create: (overrides.segmentIds ?? []).map((segmentId) => ({ segmentId })) },
    },
    select: { id: true },
  });
}

/** `count` French contacts with an opted-in primary address `prefix-<i>@<domain>`, created in one statement each batch. */
export async function mailableContacts(count: number, prefix = "client", domain = "exemple.test") {
  const batch = 500;
  for (let start = 0; start < count; start += batch) {
    const end = Math.min(count, start + batch);
    await db().$transaction(async (tx) => {
      for (let index = start; index < end; index++) {
        const address = `${prefix}-${index}@${domain}`;
        const contact = await tx.contact.create({ data: { firstName: `Prénom${index}`, lastName: `Nom${index}`, language: "fr", emails: { create: [{ address, isPrimary: true }] } }, select: { id: true } });
        await tx.marketingConsent.create({ data: { address, state: "opt_in", source: "import", contactId: contact.id } });
      }
    }, { timeout: 120_000 });
  }
}

/**
 * Campaigns as the sender leaves them (the campaigns stream builds the editor, launch and sender):
 * a sent campaign with its numbered links and one delivery row per recipient (status sent,
 * sentAt, a signed Message-ID from generateMessageId()), plus excluded rows with their reason.
 */

let sentSequence = 0;

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
  sentSequence += 1;
  const launchedAt = input.launchedAt ?? new Date();
  const recipients = input.recipients ?? [];
  const exclusionCounts: Record<string, number> = {};
  for (const recipient of recipients) if (recipient.exclusionReason) exclusionCounts[recipient.exclusionReason] = (exclusionCounts[recipient.exclusionReason] ?? 0) + 1;
  const campaign = await db().campaign.create({
    data: {
      name: input.name ?? `Campagne ${sentSequence}`,
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
    const address = recipient.address ?? (recipient.contactId ? await primaryAddress(recipient.contactId) : `destinataire-${sentSequence}-${index}@exemple.test`);
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
