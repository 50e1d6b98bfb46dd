import { companySectors, companySizes } from "~/domain/customers/customer-vocabulary";
import { ticketChannels, ticketPriorities, ticketTypes, unresolvedStatuses, ticketStatuses } from "~/domain/helpdesk/ticket-vocabulary";
import { consentStates } from "~/domain/marketing/consent/consent-states";
import { LIFECYCLE_STAGES } from "~/domain/sales/lifecycle";
import { db } from "~/lib/db.server";
import { seededRandom } from "./seeded-random";

/**
 * A small random customer base (seeded, so a failure replays) written straight into the test
 * database, returned as plain objects too: the segment tests evaluate each condition over these
 * objects in JavaScript and compare with what the SQL selects.
 */

const DAY = 86_400_000;

export type WorldTicket = {
  requesterId: string;
  companyId: string | null;
  type: string;
  channel: string;
  status: string;
  priority: string;
  createdAt: Date;
  merged: boolean;
  firstResponseDueAt: Date | null;
  firstRespondedAt: Date | null;
  resolutionDueAt: Date | null;
  solvedAt: Date | null;
  slaPausedSince: Date | null;
};
export type WorldContact = {
  id: string;
  language: string;
  jobTitle: string;
  createdAt: Date;
  companyId: string | null;
  primaryAddress: string;
  consent: string | null;
};
export type WorldCompany = { id: string; sector: string; size: string | null; city: string; postalCode: string; lifecycleStage: string; ownerId: string | null };
export type World = {
  now: Date;
  contacts: WorldContact[];
  companies: WorldCompany[];
  owners: string[];
  stages: Array<{ id: string; kind: string }>;
  tickets: WorldTicket[];
  ratings: Array<{ contactId: string; rating: string; createdAt: Date; id: string }>;
  deals: Array<{ companyId: string; stageId: string; amountCents: number; closedAt: Date | null }>;
  orders: Array<{ companyId: string; orderedAt: Date }>;
  contracts: Array<{ companyId: string; startDate: Date; endDate: Date; renewal: string; cancelledAt: Date | null }>;
  campaigns: string[];
  recipients: Array<{ contactId: string; campaignId: string; status: string; sentAt: Date | null; firstOpenedAt: Date | null; firstClickedAt: Date | null }>;
};

const cities = ["Lyon", "lyon ", "Paris", "Ajaccio", "Bastia", "Saint-Denis", "Nantes"];
const postalCodes = ["69003", "69100", "75011", "20000", "20100", "20200", "97400", "44000", "2", ""];
const jobTitles = ["Directeur achats", "directrice technique", "Responsable maintenance", "Gérant", "", "Acheteur 50%_remise"];

export async function aSegmentWorld(seed: number, now = new Date("2026-12-07T10:00:00Z")): Promise<World> {
  const random = seededRandom(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
  const chance = (p: number) => random() < p;
  const daysAgo = (max: number) => new Date(now.getTime() - Math.floor(random() * max * DAY) - Math.floor(random() * DAY));
  const tag = `${seed}-${Date.now().toString(36)}`;

  const owners: string[] = [];
  for (let index = 0; index < 2; index += 1) {
    const user = await db().user.create({ data: { name: `Commercial ${index} ${tag}`, email: `owner${index}-${tag}@exemple.test`, role: "sales", passwordHash: "x" }, select: { id: true } });
    owners.push(user.id);
  }
  const stages: World["stages"] = [];
  for (const [index, kind] of (["open", "open", "won", "lost"] as const).entries()) {
    const stage = await db().pipelineStage.create({ data: { name: `Étape ${index} ${tag}`, probability: 50, position: 100 + index, kind }, select: { id: true } });
    stages.push({ id: stage.id, kind });
  }

  const companies: WorldCompany[] = [];
  for (let index = 0; index < 14; index += 1) {
    const company = {
      sector: pick(companySectors),
      size: chance(0.2) ? null : pick(companySizes),
      city: pick(cities),
      postalCode: pick(postalCodes),
      lifecycleStage: pick(LIFECYCLE_STAGES),
      ownerId: chance(0.2) ? null : pick(owners),
    };
    const row = await db().company.create({ data: { name: `Société ${index} ${tag}`, ...company }, select: { id: true } });
    companies.push({ id: row.id, ...company });
  }

  const contacts: WorldContact[] = [];
  for (let index = 0; index < 70; index += 1) {
    const address = `contact${index}-${tag}@exemple.test`;
    const contact = { language: chance(0.8) ? "fr" : "en", jobTitle: pick(jobTitles), createdAt: daysAgo(700), companyId: chance(0.15) ? null : pick(companies).id };
    const row = await db().contact.create({
      data: { lastName: `Contact ${index}`, ...contact, emails: { create: [{ address, isPrimary: true }, { address: `autre${index}-${tag}@exemple.test`, isPrimary: false }] } },
      select: { id: true },
    });
    const consent = chance(0.3) ? null : pick(consentStates.filter((state) => state !== "none"));
    if (consent) await db().marketingConsent.create({ data: { address, contactId: row.id, state: consent, source: "manual" } });
    // A consent on the secondary address never counts: campaigns write to the primary one.
    if (chance(0.3)) await db().marketingConsent.create({ data: { address: `autre${index}-${tag}@exemple.test`, contactId: row.id, state: "opt_in", source: "manual" } });
    contacts.push({ id: row.id, ...contact, primaryAddress: address, consent });
  }

  const tickets: WorldTicket[] = [];
  let number = 900_000 + seed * 1000;
  const merged: string[] = [];
  for (let index = 0; index < 260; index += 1) {
    const requester = pick(contacts);
    const createdAt = daysAgo(200);
    const status = pick(ticketStatuses);
    const open = (unresolvedStatuses as readonly string[]).includes(status);
    const firstResponseDueAt = chance(0.7) ? new Date(createdAt.getTime() + pick([1, 4, 8, 24]) * 3_600_000) : null;
    const firstRespondedAt = chance(open ? 0.5 : 0.9) ? new Date(createdAt.getTime() + Math.floor(random() * 30) * 3_600_000) : null;
    const resolutionDueAt = chance(0.6) ? new Date(createdAt.getTime() + pick([2, 5, 20]) * DAY) : null;
    const solvedAt = open ? null : new Date(createdAt.getTime() + Math.floor(random() * 25) * DAY);
    const ticket: WorldTicket = {
      requesterId: requester.id,
      // Most tickets carry the requester's company; a few carry none or another one (moved contacts).
      companyId: chance(0.85) ? requester.companyId : chance(0.5) ? null : pick(companies).id,
      type: pick(ticketTypes),
      channel: pick(ticketChannels),
      status,
      priority: pick(ticketPriorities),
      createdAt,
      merged: false,
      firstResponseDueAt,
      firstRespondedAt,
      resolutionDueAt,
      solvedAt,
      slaPausedSince: open && chance(0.2) ? new Date(createdAt.getTime() + DAY) : null,
    };
    const { merged: _merged, ...data } = ticket;
    const row = await db().ticket.create({ data: { ...data, number: number++, subject: `Ticket ${index}` }, select: { id: true } });
    if (chance(0.05) && merged.length < 8) {
      merged.push(row.id);
      ticket.merged = true;
    }
    tickets.push(ticket);
  }
  // Merged tickets point at some other ticket of the world.
  const target = await db().ticket.findFirst({ where: { id: { notIn: merged } }, select: { id: true } });
  if (merged.length) await db().ticket.updateMany({ where: { id: { in: merged } }, data: { mergedIntoId: target!.id } });

  const ratings: World["ratings"] = [];
  const ratedTickets = await db().ticket.findMany({ where: { number: { gte: 900_000 + seed * 1000, lt: number } }, select: { id: true, requesterId: true, createdAt: true } });
  for (const ticket of ratedTickets) {
    if (!chance(0.35)) continue;
    const rating = { contactId: ticket.requesterId, rating: pick(["good", "bad"] as const), createdAt: daysAgo(150) };
    const row = await db().satisfactionRating.create({ data: { ticketId: ticket.id, ...rating }, select: { id: true } });
    ratings.push({ ...rating, id: row.id });
  }

  const deals: World["deals"] = [];
  for (let index = 0; index < 50; index += 1) {
    const stage = pick(stages);
    const deal = { companyId: pick(companies).id, stageId: stage.id, amountCents: Math.floor(random() * 40) * 10_000, closedAt: stage.kind === "open" ? null : daysAgo(500) };
    await db().deal.create({ data: { ...deal, title: `Affaire ${index}`, ownerId: pick(owners) } });
    deals.push(deal);
  }

  const orders: World["orders"] = [];
  for (let index = 0; index < 25; index += 1) {
    const order = { companyId: pick(companies).id, orderedAt: daysAgo(600) };
    const ownerId = pick(owners);
    const quote = await db().quote.create({ data: { number: `D-${tag}-${index}`, companyId: order.companyId, ownerId, issueDate: order.orderedAt, validUntil: order.orderedAt }, select: { id: true } });
    await db().order.create({ data: { ...order, number: `C-${tag}-${index}`, quoteId: quote.id, ownerId, totalExclCents: 1000, totalVatCents: 200, totalInclCents: 1200 } });
    orders.push(order);
  }

  const contracts: World["contracts"] = [];
  for (let index = 0; index < 18; index += 1) {
    const startDate = new Date(now.getTime() + Math.floor(random() * 800 - 700) * DAY);
    const contract = {
      companyId: pick(companies).id,
      startDate,
      endDate: new Date(startDate.getTime() + pick([180, 365, 730]) * DAY),
      renewal: pick(["tacit", "explicit"]),
      cancelledAt: chance(0.25) ? daysAgo(100) : null,
    };
    await db().contract.create({ data: { ...contract, title: `Contrat ${index}`, ownerId: pick(owners), yearlyAmountCents: 100_000 } });
    contracts.push(contract);
  }

  const campaigns: string[] = [];
  const recipients: World["recipients"] = [];
  for (let index = 0; index < 2; index += 1) {
    const campaign = await db().campaign.create({ data: { name: `Campagne ${index} ${tag}`, fromName: "Comptoir", fromAddress: "news@exemple.test", status: "sent" }, select: { id: true } });
    campaigns.push(campaign.id);
    for (const contact of contacts) {
      if (!chance(0.5)) continue;
      const status = pick(["sent", "sent", "sent", "bounced", "failed", "excluded"]);
      const sentAt = status === "sent" || status === "bounced" ? daysAgo(30) : null;
      const firstOpenedAt = sentAt && status === "sent" && chance(0.5) ? sentAt : null;
      const firstClickedAt = firstOpenedAt && chance(0.5) ? firstOpenedAt : null;
      const recipient = { contactId: contact.id, campaignId: campaign.id, status, sentAt, firstOpenedAt, firstClickedAt };
      await db().campaignRecipient.create({ data: { ...recipient, address: contact.primaryAddress } });
      recipients.push(recipient);
    }
  }

  return { now, contacts, companies, owners, stages, tickets, ratings, deals, orders, contracts, campaigns, recipients };
}
