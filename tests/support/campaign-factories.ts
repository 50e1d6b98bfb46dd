import { db } from "~/lib/db.server";
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
