/**
 * Campaigns of the demo workspace, written through the marketing domain after the rest of the
 * demo is committed (the domain opens its own transactions):
 * - « Offre d'hiver : contrats de maintenance », SENT three weeks ago to both demo segments (so
 *   one contact in both is excluded as a duplicate):
 *   created and launched by the domain (its exclusions computed for real on the demo's consents and
 *   open incidents), its queued rows then marked sent the way the sender leaves them (the seed
 *   sends nothing over SMTP), and the engagement recorded by the tracking domain over the
 *   following days: opens, clicks on its links, two unsubscribes (consent history lines), one hard
 *   bounce from a DSN, and a deal won by a recipient's company inside the attribution window (with its
 *   accepted quote and order, numbered by the sales counters).
 * - « Invitation : journée portes ouvertes », SCHEDULED next week on the regional segment.
 * - « Nouveautés du printemps », a DRAFT.
 * Every choice comes from a seeded PRNG and `now`, so the same `now` gives the same results.
 */
import type { PrismaClient } from "../../app/generated/prisma/client.ts";
import { applyCampaignBounce } from "../../app/domain/marketing/campaigns/campaign-mail-feedback.server.ts";
import { createCampaign, launchCampaign, scheduleCampaign, type CampaignActor } from "../../app/domain/marketing/campaigns/campaign-commands.server.ts";
import { finishCampaignIfDone } from "../../app/domain/marketing/campaigns/campaign-delivery.server.ts";
import { recordClick, recordOpen, unsubscribe } from "../../app/domain/marketing/campaigns/campaign-engagement.server.ts";
import { campaignFormSchema } from "../../app/domain/marketing/campaigns/campaign-schemas.ts";
import { recipientToken } from "../../app/domain/marketing/campaigns/tracking-links.server.ts";
import { transactionWithEvents } from "../../app/domain/event-store.server.ts";
import { withDatabaseClient } from "../../app/lib/db.server.ts";
import { generateMessageId } from "../../app/lib/mail/message-id.server.ts";
import { takeDocumentNumber } from "../../app/domain/sales/document-numbers.server.ts";
import { documentTotals, lineTotalExclCents } from "../../app/domain/sales/money.ts";
import { Random } from "./demo-workspace.ts";
import { demoProducts, demoSeller } from "./sales-demo.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const sender = { fromName: "Comptoir Maintenance", fromAddress: "marketing@comptoir.test", replyTo: "contact@comptoir.test" };

function mjml(title: string, paragraphs: string[], buttons: Array<{ href: string; label: string }>, closing: string): string {
  return `<mjml lang="fr">
  <mj-head>
    <mj-attributes>
      <mj-all font-family="Helvetica, Arial, sans-serif" />
      <mj-text font-size="15px" line-height="1.6" color="#1e293b" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#f1f5f9">
    <mj-section background-color="#ffffff" padding="24px">
      <mj-column>
        <mj-text font-size="22px" font-weight="700">${title}</mj-text>
        <mj-text>Bonjour {{contact.firstName|Madame, Monsieur}},</mj-text>
${paragraphs.map((text) => `        <mj-text>${text}</mj-text>`).join("\n")}
${buttons.map((button) => `        <mj-button href="${button.href}" background-color="#1d4ed8">${button.label}</mj-button>`).join("\n")}
        <mj-text>${closing}</mj-text>
      </mj-column>
    </mj-section>
    <mj-section padding="12px 24px">
      <mj-column>
        <mj-text font-size="12px" color="#64748b">
          Vous recevez ce message en tant que client ou contact professionnel de Comptoir Maintenance.
          <a href="{{unsubscribeUrl}}">Se désinscrire</a>
        </mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>
`;
}

const winterOffer = {
  name: "Offre d'hiver : contrats de maintenance",
  subject: "{{contact.firstName|Bonjour}}, passez l'hiver sans panne",
  preheader: "Intervention sous 4 heures ouvrées et visite préventive offerte jusqu'au 31 janvier.",
  mjml: mjml(
    "Offre d'hiver : contrats de maintenance",
    [
      "Le froid est la saison des pannes de chaudières, de compresseurs et de portes automatiques. Pour que {{company.name|votre entreprise}} passe l'hiver sereinement, nous offrons la visite préventive à tout nouveau contrat signé avant le 31 janvier.",
      "Au programme : intervention sous 4 heures ouvrées, pièces d'origine, un technicien attitré et un compte rendu après chaque passage.",
    ],
    [
      { href: "https://www.comptoir-maintenance.fr/contrats/hiver", label: "Découvrir l'offre d'hiver" },
      { href: "https://www.comptoir-maintenance.fr/tarifs", label: "Voir les tarifs" },
      { href: "https://www.comptoir-maintenance.fr/rendez-vous", label: "Prendre rendez-vous" },
    ],
    "Bien cordialement,<br />Camille Dubois, marketing",
  ),
};

const openHouse = {
  name: "Invitation : journée portes ouvertes",
  subject: "Invitation : journée portes ouvertes à l'atelier de Lyon",
  preheader: "Démonstrations, visite de l'atelier et buffet : inscrivez-vous en un clic.",
  mjml: mjml(
    "Journée portes ouvertes",
    [
      "Nous serions heureux d'accueillir {{company.name|votre équipe}} dans notre atelier de Vénissieux : démonstrations de télésurveillance, visite du magasin de pièces détachées et échanges avec nos techniciens.",
      "Accueil à partir de 9 h 30, buffet à midi. Le nombre de places est limité.",
    ],
    [{ href: "https://www.comptoir-maintenance.fr/portes-ouvertes", label: "Je m'inscris" }],
    "À très bientôt,<br />L'équipe Comptoir Maintenance",
  ),
};

const springNews = {
  name: "Nouveautés du printemps",
  subject: "Nos nouveautés du printemps",
  preheader: "",
  mjml: mjml(
    "Nos nouveautés du printemps",
    ["Nouveaux capteurs connectés, contrats multi-sites et portail client enrichi : voici ce qui change ce printemps."],
    [{ href: "https://www.comptoir-maintenance.fr/nouveautes", label: "Lire les nouveautés" }],
    "Bien cordialement,<br />L'équipe Comptoir Maintenance",
  ),
};

function form(content: { name: string; subject: string; preheader: string; mjml: string }, segmentIds: string[], extra: { cost?: string; ratePerMinute?: number } = {}) {
  return campaignFormSchema.parse({
    ...sender,
    ...content,
    segmentIds,
    language: "fr",
    textEdited: false,
    excludeOpenIncidents: true,
    ratePerMinute: extra.ratePerMinute ?? 120,
    cost: extra.cost ?? "",
    attributionDays: 30,
  });
}

/**
 * What the sender leaves on a recipient whose mail the SMTP server accepted: status sent, one
 * attempt, a signed Message-ID (so a bounce or a reply finds it), sentAt. The seed's stand-in for
 * the SMTP conversation; the rows are spread over the send's few minutes at the campaign's rate.
 */
async function markQueuedRecipientsSentForDemo(client: PrismaClient, campaignId: string, launchedAt: Date, ratePerMinute: number): Promise<Array<{ id: string; contactId: string | null; address: string; emailMessageId: string; sentAt: Date }>> {
  const queued = await client.campaignRecipient.findMany({ where: { campaignId, status: "queued" }, select: { id: true, contactId: true, address: true }, orderBy: { id: "asc" } });
  const spacing = MINUTE / ratePerMinute;
  const sent = queued.map((row, index) => ({ ...row, emailMessageId: generateMessageId(), sentAt: new Date(launchedAt.getTime() + 5_000 + Math.round(index * spacing)) }));
  await client.$transaction(
    sent.map((row) =>
      client.campaignRecipient.update({ where: { id: row.id }, data: { status: "sent", attempts: 1, emailMessageId: row.emailMessageId, sentAt: row.sentAt, leaseUntil: null, lastError: null } }),
    ),
  );
  return sent;
}

type Buyer = { id: string; firstName: string; lastName: string; company: { id: string; name: string; street: string; postalCode: string; city: string; country: string } };

/**
 * The deal that followed the winter offer: created four days after the send, quoted yesterday and
 * won this morning (the newest quote and order of the demo), numbered by the sales domain's
 * counters (takeDocumentNumber), totals as the quote editor computes them.
 */
async function seedDemoCampaignDeal(client: PrismaClient, context: { buyer: Buyer; campaignId: string; launchedAt: Date; now: Date }) {
  const { buyer, campaignId, launchedAt, now } = context;
  const rep = await client.user.findFirstOrThrow({ where: { email: "ventes@comptoir.test" }, select: { id: true } });
  const product = demoProducts[1]!; // Contrat de maintenance Premium
  const createdAt = new Date(launchedAt.getTime() + 4 * DAY + 3 * HOUR);
  // Quoted yesterday and signed this morning: the demo's newest quote and order, so both keep
  // their numbers in date order after the sales demo's.
  const issued = new Date(now.getTime() - DAY);
  const won = new Date(now.getTime() - 2 * HOUR);
  const quantityMilli = 1000;
  const totalExcl = lineTotalExclCents({ quantityMilli, unitPriceCents: product.unitPriceCents, discountBps: 0 });
  const { totalExclCents, totalVatCents, totalInclCents } = documentTotals([{ quantityMilli, unitPriceCents: product.unitPriceCents, discountBps: 0, vatRateBps: product.vatRateBps }]);
  const totals = { totalExclCents, totalVatCents, totalInclCents };
  const steps = [
    { from: null, to: "stage_qualification", at: createdAt },
    { from: "stage_qualification", to: "stage_proposal", at: issued },
    { from: "stage_proposal", to: "stage_won", at: won },
  ];
  await transactionWithEvents(async (tx) => {
    await tx.deal.create({
      data: {
        id: "demo_deal_campaign_winter",
        title: `Contrat de maintenance Premium — offre d'hiver`,
        companyId: buyer.company.id,
        contactId: buyer.id,
        ownerId: rep.id,
        stageId: "stage_won",
        amountCents: totals.totalExclCents,
        expectedCloseDate: won,
        source: "campaign",
        campaignId,
        closedAt: won,
        stageChangedAt: won,
        createdById: rep.id,
        createdAt,
        updatedAt: won,
        version: steps.length,
        stageChanges: { create: steps.map((step, index) => ({ id: `demo_deal_campaign_winter_change_${index + 1}`, fromStageId: step.from, toStageId: step.to, actorId: rep.id, at: step.at })) },
      },
    });
    await tx.quote.create({
      data: {
        id: "demo_quote_campaign_winter",
        number: await takeDocumentNumber(tx, "quote", issued),
        companyId: buyer.company.id,
        contactId: buyer.id,
        dealId: "demo_deal_campaign_winter",
        ownerId: rep.id,
        status: "accepted",
        issueDate: issued,
        validUntil: new Date(issued.getTime() + 30 * DAY),
        paymentTerms: demoSeller.paymentTerms,
        customerSnapshot: JSON.stringify({ name: buyer.company.name, street: buyer.company.street, postalCode: buyer.company.postalCode, city: buyer.company.city, country: buyer.company.country, contactName: `${buyer.firstName} ${buyer.lastName}` }),
        sellerSnapshot: JSON.stringify(demoSeller),
        ...totals,
        sentAt: issued,
        acceptedAt: won,
        createdAt: issued,
        updatedAt: won,
        lines: { create: [{ position: 0, productId: "demo_product_2", reference: product.reference, description: product.name, unit: product.unit, quantityMilli, unitPriceCents: product.unitPriceCents, discountBps: 0, vatRateBps: product.vatRateBps, totalExclCents: totalExcl }] },
      },
    });
    await tx.order.create({
      data: { id: "demo_order_campaign_winter", number: await takeDocumentNumber(tx, "order", won), quoteId: "demo_quote_campaign_winter", companyId: buyer.company.id, contactId: buyer.id, dealId: "demo_deal_campaign_winter", ownerId: rep.id, orderedAt: won, ...totals, createdAt: won },
    });
  });
}

export type DemoCampaignsSummary = { sentCampaignId: string; scheduledCampaignId: string; draftCampaignId: string; sent: number };

export async function seedDemoCampaigns(client: PrismaClient, now: Date): Promise<DemoCampaignsSummary> {
  return withDatabaseClient(client, async () => {
    const marketerRow = await client.user.findFirstOrThrow({ where: { email: "marketing@comptoir.test" }, select: { id: true, role: true, restrictToGroups: true } });
    const marketer: CampaignActor = marketerRow;
    const random = new Random(0x11_c4_4d_01);

    // The sent campaign: launched three weeks ago, a Tuesday-morning-like 09:30 UTC send.
    const launchedAt = new Date(Math.floor((now.getTime() - 21 * DAY) / DAY) * DAY + 9 * HOUR + 30 * MINUTE);
    const winter = await createCampaign(marketer, form(winterOffer, ["demo_segment_1", "demo_segment_2"], { cost: "350", ratePerMinute: 20 }));
    await launchCampaign(marketer, winter.id, launchedAt);
    const recipients = await markQueuedRecipientsSentForDemo(client, winter.id, launchedAt, 20);
    const lastSent = recipients.reduce((latest, row) => Math.max(latest, row.sentAt.getTime()), launchedAt.getTime());
    await finishCampaignIfDone(winter.id, new Date(lastSent + 2_000));

    // Who did what: a shuffled order, so the shares are exact and the people vary.
    const order = random.shuffle(recipients);
    // Mostly within the first day, some later; people read their mail in the daytime (07:00–19:00 UTC).
    const afterLaunch = (maxHours: number) => {
      const at = lastSent + Math.floor(random.float(0, 1) ** 2 * maxHours * HOUR) + random.int(1, 59) * MINUTE;
      const hour = new Date(at).getUTCHours();
      if (hour >= 7 && hour < 19) return new Date(at);
      const nextMorning = Math.floor(at / DAY) * DAY + (hour >= 19 ? DAY : 0) + 7 * HOUR;
      return new Date(nextMorning + random.int(0, 150) * MINUTE);
    };
    // Consent changes recorded after the send would come after the bounce or the unsubscribe in the
    // address's history: those addresses neither bounce nor unsubscribe, so each history stays in order.
    const lastChange = new Map(
      (await client.marketingConsent.findMany({ where: { address: { in: order.map((row) => row.address) } }, select: { address: true, changedAt: true } })).map((row) => [row.address, row.changedAt.getTime()]),
    );
    const bounced = [...order].reverse().find((row) => (lastChange.get(row.address) ?? 0) < row.sentAt.getTime()) ?? order[order.length - 1];
    const openers = order.filter((row) => row !== bounced).slice(0, Math.max(1, Math.round(order.length * 0.45)));
    const clickers = openers.slice(0, Math.max(1, Math.round(order.length * 0.12)));
    // Unsubscribes (about 2 %, at least one): openers whose consent did not change after the send.
    const unsubscribers = openers.filter((row) => !clickers.includes(row) && (lastChange.get(row.address) ?? 0) < launchedAt.getTime()).slice(-Math.max(1, Math.round(order.length * 0.02)));

    const links = await client.campaignLink.findMany({ where: { campaignId: winter.id }, select: { position: true }, orderBy: { position: "asc" } });
    for (const row of openers) {
      const token = recipientToken(row.id);
      const firstOpen = afterLaunch(96);
      await recordOpen(token, firstOpen);
      // Some open it again (another device, a colleague's forward).
      if (random.chance(0.35)) await recordOpen(token, new Date(firstOpen.getTime() + random.int(1, 48) * HOUR));
      if (clickers.includes(row)) {
        const clickAt = new Date(firstOpen.getTime() + random.int(1, 20) * MINUTE);
        const first = links[clickers.indexOf(row) % links.length];
        await recordClick(token, first.position, clickAt);
        // Then the appointment page (or the offer, for whoever started there).
        const last = links[links.length - 1];
        const then = last.position !== first.position ? last : links[0];
        await recordClick(token, then.position, new Date(clickAt.getTime() + random.int(1, 5) * MINUTE));
      }
      if (unsubscribers.includes(row)) {
        await unsubscribe(token, { channel: unsubscribers.indexOf(row) === 0 ? "page" : "one_click", reason: unsubscribers.indexOf(row) === 0 ? "Trop de messages" : "", now: new Date(firstOpen.getTime() + random.int(2, 30) * MINUTE) });
      }
    }

    // One address no longer exists: the receiving server's DSN, as the email channel reads it.
    await transactionWithEvents((tx, events) =>
      applyCampaignBounce(
        tx,
        events,
        {
          originalMessageIds: [bounced.emailMessageId],
          permanent: true,
          summary: "550 5.1.1 Adresse inconnue",
          recipients: [{ address: bounced.address, action: "failed", status: "5.1.1", permanent: true, diagnostic: "smtp; 550 5.1.1 <" + bounced.address + ">: adresse inconnue" }],
        },
        new Date(bounced.sentAt.getTime() + 3 * MINUTE),
      ),
    );

    // What followed: a recipient's client company (a clicker's first) asked for a quote within a
    // few days and signed it: a won deal with its accepted quote and order, like every won deal.
    const engagedFirst = [...clickers, ...openers.filter((row) => !clickers.includes(row))];
    const contacts = await client.contact.findMany({
      where: { id: { in: engagedFirst.map((row) => row.contactId).filter((id): id is string => id !== null) }, company: { lifecycleStage: "client" } },
      select: { id: true, firstName: true, lastName: true, company: { select: { id: true, name: true, street: true, postalCode: true, city: true, country: true } } },
    });
    const buyer = engagedFirst.map((row) => contacts.find((contact) => contact.id === row.contactId)).find((contact) => contact?.company);
    if (buyer?.company) await seedDemoCampaignDeal(client, { buyer: { ...buyer, company: buyer.company }, campaignId: winter.id, launchedAt, now });

    // Next week's invitation, scheduled; and a draft being written.
    const scheduled = await createCampaign(marketer, form(openHouse, ["demo_segment_2"], { cost: "120" }));
    const nextWeek = new Date(Math.floor((now.getTime() + 7 * DAY) / DAY) * DAY + 8 * HOUR);
    await scheduleCampaign(marketer, scheduled.id, nextWeek, now);
    const draft = await createCampaign(marketer, form(springNews, ["demo_segment_1", "demo_segment_2"]));

    // Written when they were, not at seed time (the list shows when each was created).
    const written = [
      [winter.id, new Date(launchedAt.getTime() - 2 * DAY)],
      [scheduled.id, new Date(now.getTime() - 3 * DAY)],
      [draft.id, new Date(now.getTime() - 1 * DAY)],
    ] as const;
    for (const [id, at] of written) await client.campaign.update({ where: { id }, data: { createdAt: at } });

    return { sentCampaignId: winter.id, scheduledCampaignId: scheduled.id, draftCampaignId: draft.id, sent: recipients.length };
  });
}
