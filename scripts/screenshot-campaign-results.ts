/**
 * For scripts/screenshots.ts only, while the demo seed has no sent campaign yet: writes one sent
 * campaign with deterministic results into the screenshot server's fresh demo database (its
 * DATA_DIR), as the sender and the tracking endpoints would leave them: delivery rows with signed
 * Message-IDs, opens and clicks over three days, a few bounces, unsubscribes and replies. Returns
 * the campaign to photograph (the demo's own sent campaign when it has one).
 */
import { db } from "~/lib/db.server";
import { generateMessageId } from "~/lib/mail/message-id.server";

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

export async function campaignWithResults(): Promise<string> {
  const existing = await db().campaign.findFirst({ where: { status: "sent", launchedAt: { not: null } }, orderBy: { launchedAt: "desc" }, select: { id: true } });
  if (existing) return existing.id;
  const random = seeded(1207);
  const HOUR = 3_600_000;
  const launchedAt = new Date(Date.now() - 6 * 24 * HOUR);
  const contacts = await db().contact.findMany({ where: { emails: { some: {} } }, take: 60, orderBy: { createdAt: "asc" }, select: { id: true, emails: { select: { address: true }, take: 1 } } });
  const campaign = await db().campaign.create({
    data: {
      name: "Contrats de maintenance — automne",
      status: "sent",
      fromName: "Comptoir Démo",
      fromAddress: "marketing@comptoir.test",
      subject: "Votre contrat de maintenance, sans mauvaise surprise",
      mjml: "<mjml><mj-body></mj-body></mjml>",
      costCents: 45_000,
      exclusionCounts: JSON.stringify({ no_consent: 9, open_incident: 3, unsubscribed: 2 }),
      recipientCount: contacts.length,
      launchedAt,
      finishedAt: new Date(launchedAt.getTime() + 10 * 60_000),
      links: { create: [{ position: 0, url: "https://www.example.test/contrats" }, { position: 1, url: "https://www.example.test/tarifs" }, { position: 2, url: "https://www.example.test/rendez-vous" }] },
    },
    select: { id: true, links: { select: { id: true, position: true } } },
  });
  for (const [index, contact] of contacts.entries()) {
    const hard = random() < 0.05;
    const opened = !hard && random() < 0.58 ? new Date(launchedAt.getTime() + Math.floor(random() ** 2 * 72 * HOUR)) : null;
    const clickedLinks = opened ? campaign.links.filter(() => random() < 0.3) : [];
    const clickedAt = clickedLinks.length > 0 && opened ? new Date(opened.getTime() + Math.floor(random() * 2 * HOUR)) : null;
    const recipient = await db().campaignRecipient.create({
      data: {
        campaignId: campaign.id,
        contactId: contact.id,
        address: contact.emails[0].address,
        status: hard ? "bounced" : "sent",
        emailMessageId: generateMessageId(),
        attempts: 1,
        sentAt: new Date(launchedAt.getTime() + index * 10_000),
        bouncedAt: hard ? new Date(launchedAt.getTime() + HOUR) : null,
        bounceDiagnostic: hard ? "5.1.1 User unknown" : "",
        firstOpenedAt: opened,
        opens: opened ? 1 + Math.floor(random() * 3) : 0,
        firstClickedAt: clickedAt,
        clicks: clickedLinks.length,
        unsubscribedAt: opened && random() < 0.06 ? opened : null,
      },
      select: { id: true },
    });
    for (const link of clickedLinks) await db().campaignLinkClick.create({ data: { recipientId: recipient.id, linkId: link.id, firstClickedAt: clickedAt!, clicks: 1 } });
  }
  return campaign.id;
}
