/**
 * The demo workspace's sales side: a price list, a believable pipeline for the sales rep (open
 * deals at every stage, some won with their quote and order, some lost with a reason), calls,
 * appointments and tasks around today, two visit reports, and maintenance contracts (one coming
 * up for renewal, one cancelled) on the companies the helpdesk already serves.
 *
 * Deterministic for a given `now`, ids included, like the rest of the demo. After the tickets.
 */
import type { PrismaClient } from "../../app/generated/prisma/client.ts";
import { addDays, fromZoned, type LocalDate, toZoned, weekdayIndex } from "../../app/domain/helpdesk/sla/business-calendar.ts";
import { renewalReminderAt } from "../../app/domain/sales/contract-status.ts";
import { documentTotals, lineTotalExclCents } from "../../app/domain/sales/money.ts";
import type { DemoWorkspace } from "./demo-workspace.ts";
import { demoSalesHistory } from "./sales-history-demo.ts";

type TransactionClient = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const DAY = 24 * 60 * 60 * 1000;
const ZONE = "Europe/Paris";

export const demoProducts = [
  { reference: "MAINT-STD", name: "Contrat de maintenance Standard", description: "Support N1 et N2, intervention sous 8 h ouvrées, 12 mois.", unit: "year", unitPriceCents: 180_000, vatRateBps: 2000 },
  { reference: "MAINT-PREM", name: "Contrat de maintenance Premium", description: "Support prioritaire, intervention sous 4 h ouvrées, prêt de matériel, 12 mois.", unit: "year", unitPriceCents: 390_000, vatRateBps: 2000 },
  { reference: "INT-H", name: "Intervention sur site (heure)", description: "Main-d'œuvre d'un technicien sur site, déplacement compris dans la zone.", unit: "hour", unitPriceCents: 8_500, vatRateBps: 2000 },
  { reference: "POSTE-PRO", name: "Poste de travail professionnel", description: "PC fixe i5, 16 Go, SSD 512 Go, Windows 11 Pro, garantie 3 ans.", unit: "unit", unitPriceCents: 94_900, vatRateBps: 2000 },
  { reference: "CAISSE-TS", name: "Terminal de caisse tactile", description: "Écran 15\", imprimante ticket, tiroir-caisse, logiciel NF525.", unit: "unit", unitPriceCents: 159_000, vatRateBps: 2000 },
  { reference: "FORM-J", name: "Formation utilisateurs (journée)", description: "Une journée de formation dans vos locaux, jusqu'à 8 personnes.", unit: "day", unitPriceCents: 95_000, vatRateBps: 2000 },
  { reference: "GUIDE-HACCP", name: "Guide des bonnes pratiques d'hygiène (livre)", description: "Édition 2026, pour les métiers de bouche.", unit: "unit", unitPriceCents: 3_500, vatRateBps: 550 },
  { reference: "INSTALL-LOGT", name: "Installation d'équipement en logement", description: "Pose et mise en service chez un particulier (locaux d'habitation de plus de 2 ans).", unit: "flat", unitPriceCents: 22_000, vatRateBps: 1000 },
] as const;

/** Open deals: company index in the demo list, title, amount in euros, stage, close in N days, source. */
const openDeals: Array<{ company: number; title: string; euros: number; stage: string; closeIn: number; source: string; ageDays: number }> = [
  { company: 0, title: "Renouvellement du parc informatique de l'atelier", euros: 14_500, stage: "stage_negotiation", closeIn: 12, source: "referral", ageDays: 48 },
  { company: 1, title: "Deux terminaux de caisse pour la nouvelle boutique", euros: 3_180, stage: "stage_proposal", closeIn: 20, source: "inbound_call", ageDays: 21 },
  { company: 2, title: "Passage au contrat Premium", euros: 3_900, stage: "stage_qualification", closeIn: 45, source: "campaign", ageDays: 9 },
  { company: 3, title: "Tablettes durcies pour les chauffeurs", euros: 22_800, stage: "stage_proposal", closeIn: 35, source: "trade_show", ageDays: 30 },
  { company: 4, title: "Serveur de sauvegarde et PRA", euros: 9_600, stage: "stage_negotiation", closeIn: 8, source: "website", ageDays: 55 },
  { company: 5, title: "Formation de l'équipe d'accueil", euros: 1_900, stage: "stage_qualification", closeIn: 60, source: "website", ageDays: 4 },
  { company: 6, title: "Contrat de maintenance Standard", euros: 1_800, stage: "stage_proposal", closeIn: 15, source: "campaign", ageDays: 17 },
  { company: 9, title: "Réseau Wi-Fi des salles de consultation", euros: 6_400, stage: "stage_qualification", closeIn: 75, source: "trade_show", ageDays: 12 },
  { company: 11, title: "Postes de CAO pour le bureau d'études", euros: 18_700, stage: "stage_qualification", closeIn: 90, source: "referral", ageDays: 6 },
];
const wonDeals: Array<{ company: number; title: string; product: number; quantity: number; discountBps: number; ageDays: number; wonDaysAgo: number; source: string }> = [
  { company: 7, title: "Contrat de maintenance Premium 2026", product: 1, quantity: 1, discountBps: 500, ageDays: 70, wonDaysAgo: 40, source: "referral" },
  { company: 8, title: "Postes de réception de l'hôtel", product: 3, quantity: 3, discountBps: 0, ageDays: 50, wonDaysAgo: 12, source: "inbound_call" },
];
const lostDeals: Array<{ company: number; title: string; euros: number; reason: string; ageDays: number; lostDaysAgo: number }> = [
  { company: 10, title: "Logiciel de gestion des stocks", euros: 7_200, reason: "loss_competitor", ageDays: 80, lostDaysAgo: 25 },
  { company: 12, title: "Visioconférence des agences", euros: 4_300, reason: "loss_no_budget", ageDays: 60, lostDaysAgo: 8 },
];

function workingDay(date: LocalDate, offset: number): LocalDate {
  let day = date;
  while (weekdayIndex(day) > 4) day = addDays(day, 1);
  for (let moved = 0; moved < offset; ) {
    day = addDays(day, 1);
    if (weekdayIndex(day) <= 4) moved += 1;
  }
  return day;
}

const seconds = (time: number) => new Date(Math.floor(time / 1000) * 1000);

export async function seedDemoSales(tx: TransactionClient, plan: DemoWorkspace, now: Date): Promise<{ deals: number; activities: number; quotes: number; contracts: number }> {
  const rep = plan.users.find((user) => user.email === "ventes@comptoir.test")!;
  const manager = plan.users.find((user) => user.email === "direction@comptoir.test")!;
  const companies = plan.companies;
  const contactOf = (companyId: string) => plan.contacts.find((contact) => contact.companyId === companyId) ?? null;
  const today = toZoned(now, ZONE).date;
  const time = now.getTime();

  for (const [index, product] of demoProducts.entries()) {
    await tx.product.create({ data: { id: `demo_product_${index + 1}`, ...product, createdAt: seconds(time - 200 * DAY), updatedAt: seconds(time - 200 * DAY) } });
  }

  // Lifecycle: the companies followed by sales are clients or prospects; the rest stay as the migration left them.
  for (const [index, company] of companies.entries()) {
    const prospect = openDeals.some((deal) => deal.company === index) && !wonDeals.some((deal) => deal.company === index) && index % 3 === 2;
    await tx.company.update({
      where: { id: company.id },
      data: prospect
        ? { lifecycleStage: "prospect", prospectSource: openDeals.find((deal) => deal.company === index)?.source ?? "website", clientSince: null }
        : { lifecycleStage: "client", clientSince: company.createdAt, ownerId: company.ownerId ?? (index < 14 ? rep.id : manager.id) },
    });
  }
  await tx.company.update({ where: { id: companies[13]!.id }, data: { lifecycleStage: "former_client", lostAt: seconds(time - 35 * DAY), lostReason: "Cessation d'activité du site de Valence" } });

  let dealCount = 0;
  const newDeal = async (data: { company: number; title: string; cents: number; stage: string; closeAt: Date | null; source: string; ageDays: number; closedAt?: Date; lossReasonId?: string; ownerId?: string }) => {
    const company = companies[data.company]!;
    const contact = contactOf(company.id);
    const id = `demo_deal_${++dealCount}`;
    const createdAt = seconds(time - data.ageDays * DAY);
    const path = ["stage_qualification", "stage_proposal", "stage_negotiation"];
    const target = data.stage;
    const steps = target.startsWith("stage_won") || target === "stage_lost" ? [...path.slice(0, 2), target] : path.slice(0, path.indexOf(target) + 1);
    const stepTimes = steps.map((_, step) => seconds(createdAt.getTime() + ((data.closedAt ?? now).getTime() - createdAt.getTime()) * (step / Math.max(1, steps.length - 1)) * 0.9));
    if (data.closedAt) stepTimes[stepTimes.length - 1] = data.closedAt;
    await tx.deal.create({
      data: {
        id,
        title: data.title,
        companyId: company.id,
        contactId: contact?.id ?? null,
        ownerId: data.ownerId ?? rep.id,
        stageId: target,
        amountCents: data.cents,
        expectedCloseDate: data.closeAt,
        source: data.source,
        lossReasonId: data.lossReasonId ?? null,
        closedAt: data.closedAt ?? null,
        stageChangedAt: stepTimes[stepTimes.length - 1]!,
        createdById: data.ownerId ?? rep.id,
        createdAt,
        updatedAt: stepTimes[stepTimes.length - 1]!,
        version: steps.length,
      },
    });
    await tx.dealStageChange.createMany({
      data: steps.map((stage, step) => ({ id: `${id}_change_${step + 1}`, dealId: id, fromStageId: step === 0 ? null : steps[step - 1]!, toStageId: stage, actorId: data.ownerId ?? rep.id, at: stepTimes[step]! })),
    });
    return { id, company, contact };
  };

  for (const deal of openDeals) {
    const close = fromZoned(workingDay(today, deal.closeIn), 12 * 60, ZONE);
    await newDeal({ company: deal.company, title: deal.title, cents: deal.euros * 100, stage: deal.stage, closeAt: close, source: deal.source, ageDays: deal.ageDays, ownerId: deal.company === 11 ? manager.id : rep.id });
  }
  for (const deal of lostDeals) {
    await newDeal({ company: deal.company, title: deal.title, cents: deal.euros * 100, stage: "stage_lost", closeAt: seconds(time - deal.lostDaysAgo * DAY), source: "website", ageDays: deal.ageDays, closedAt: seconds(time - deal.lostDaysAgo * DAY), lossReasonId: deal.reason });
  }
  // The months before (sales-history-demo.ts): created after the recent deals, so their ids stay put.
  const history = demoSalesHistory(now, (index) => companies[index]!.createdAt);
  for (const deal of history.lost) {
    await newDeal({ company: deal.company, title: deal.title, cents: deal.euros * 100, stage: "stage_lost", closeAt: seconds(time - deal.lostDaysAgo * DAY), source: "website", ageDays: deal.ageDays, closedAt: seconds(time - deal.lostDaysAgo * DAY), lossReasonId: deal.reason });
  }
  const won: Array<Awaited<ReturnType<typeof newDeal>> & { spec: (typeof wonDeals)[number] }> = [];
  for (const deal of [...wonDeals, ...history.won]) {
    const product = demoProducts[deal.product]!;
    const cents = Math.round((product.unitPriceCents * deal.quantity * (10_000 - deal.discountBps)) / 10_000);
    const closedAt = seconds(time - deal.wonDaysAgo * DAY);
    won.push({ ...(await newDeal({ company: deal.company, title: deal.title, cents, stage: "stage_won", closeAt: closedAt, source: deal.source, ageDays: deal.ageDays, closedAt })), spec: deal });
  }

  const activities = await seedDemoActivities(tx, { rep, manager, companies, contactOf, today, now });
  // Quotes and orders are numbered per year in date order: the oldest won deal first.
  won.sort((a, b) => b.spec.wonDaysAgo - a.spec.wonDaysAgo);
  const quotes = await seedDemoQuotes(tx, { rep, won, now });
  const contracts = await seedDemoContracts(tx, { rep, companies, today, now });
  return { deals: dealCount, activities, quotes, contracts };
}

type ActivityContext = {
  rep: { id: string };
  manager: { id: string };
  companies: DemoWorkspace["companies"];
  contactOf: (companyId: string) => { id: string; firstName: string; lastName: string } | null;
  today: LocalDate;
  now: Date;
};

async function seedDemoActivities(tx: TransactionClient, context: ActivityContext): Promise<number> {
  const { rep, companies, contactOf, today, now } = context;
  const slot = (dayOffset: number, minutes: number) => fromZoned(workingDay(today, Math.max(0, dayOffset)), minutes, ZONE);
  const past = (days: number, minutes: number) => fromZoned(addDays(today, -days), minutes, ZONE);
  const rows: Array<{ kind: string; subject: string; notes?: string; startsAt: Date; endsAt?: Date; mode?: string; location?: string; done?: boolean; company: number; deal?: string }> = [
    { kind: "call", subject: "Point sur le devis des postes", notes: "M. Aubert veut comparer avec une offre en leasing ; rappeler jeudi.", startsAt: past(6, 10 * 60), done: true, company: 0, deal: "demo_deal_1" },
    { kind: "email", subject: "Envoi de la fiche technique des terminaux", startsAt: past(4, 15 * 60), done: true, company: 1, deal: "demo_deal_2" },
    { kind: "call", subject: "Qualification du besoin Premium", notes: "Trois postes critiques, astreinte souhaitée pendant la période fiscale.", startsAt: past(3, 11 * 60), done: true, company: 2, deal: "demo_deal_3" },
    { kind: "appointment", subject: "Rendez-vous de négociation", startsAt: slot(0, 14 * 60), endsAt: slot(0, 15 * 60), mode: "onsite", location: `${companies[0]!.street}, ${companies[0]!.postalCode} ${companies[0]!.city}`, company: 0, deal: "demo_deal_1" },
    { kind: "appointment", subject: "Démonstration des tablettes", startsAt: slot(1, 10 * 60), endsAt: slot(1, 11 * 60 + 30), mode: "onsite", location: `${companies[3]!.street}, ${companies[3]!.postalCode} ${companies[3]!.city}`, company: 3, deal: "demo_deal_4" },
    { kind: "appointment", subject: "Visio : plan de reprise d'activité", startsAt: slot(2, 9 * 60 + 30), endsAt: slot(2, 10 * 60 + 30), mode: "remote", location: "Lien Teams envoyé par e-mail", company: 4, deal: "demo_deal_5" },
    { kind: "task", subject: "Relancer la pharmacie sur le contrat Standard", startsAt: past(2, 9 * 60), company: 6, deal: "demo_deal_7" },
    { kind: "task", subject: "Préparer la proposition Wi-Fi", startsAt: slot(3, 17 * 60), company: 9, deal: "demo_deal_8" },
    { kind: "call", subject: "Appel de courtoisie après installation", startsAt: slot(1, 16 * 60), company: 8 },
  ];
  for (const [index, row] of rows.entries()) {
    const company = companies[row.company]!;
    await tx.activity.create({
      data: {
        id: `demo_activity_${index + 1}`,
        kind: row.kind,
        subject: row.subject,
        notes: row.notes ?? "",
        ownerId: rep.id,
        startsAt: row.startsAt,
        endsAt: row.endsAt ?? null,
        mode: row.mode ?? null,
        location: row.location ?? "",
        doneAt: row.done ? new Date(row.startsAt.getTime() + 20 * 60 * 1000) : null,
        companyId: company.id,
        contactId: contactOf(company.id)?.id ?? null,
        dealId: row.deal ?? null,
        createdById: rep.id,
        createdAt: new Date(Math.min(now.getTime(), row.startsAt.getTime()) - 2 * DAY),
        updatedAt: new Date(Math.min(now.getTime(), row.startsAt.getTime()) - 2 * DAY),
      },
    });
  }

  // Two visit reports: the first with a next step already made into a task.
  const visits = [
    { company: 0, deal: "demo_deal_1", daysAgo: 9, objectives: "Présenter l'offre de renouvellement du parc", discussion: "Visite de l'atelier : 12 postes dont 5 de plus de six ans. Le gérant s'inquiète des arrêts de production liés aux pannes.", outcome: "Intéressé par un renouvellement en deux tranches ; attend une proposition chiffrée.", steps: ["Envoyer la proposition en deux tranches", "Vérifier la compatibilité du logiciel de découpe"] },
    { company: 3, deal: "demo_deal_4", daysAgo: 15, objectives: "Comprendre le besoin des chauffeurs", discussion: "Les chauffeurs saisissent les bons de livraison sur papier ; 18 véhicules.", outcome: "Démonstration à organiser avec le responsable d'exploitation.", steps: ["Organiser la démonstration des tablettes"] },
  ];
  for (const [index, visit] of visits.entries()) {
    const company = companies[visit.company]!;
    const contact = contactOf(company.id);
    const visitedAt = fromZoned(addDays(today, -visit.daysAgo), 10 * 60, ZONE);
    const id = `demo_visit_${index + 1}`;
    await tx.visitReport.create({
      data: {
        id,
        companyId: company.id,
        contactId: contact?.id ?? null,
        dealId: visit.deal,
        authorId: rep.id,
        visitedAt,
        attendees: contact ? `${contact.firstName} ${contact.lastName}` : "",
        objectives: visit.objectives,
        discussion: visit.discussion,
        outcome: visit.outcome,
        createdAt: new Date(visitedAt.getTime() + 3 * 60 * 60 * 1000),
        updatedAt: new Date(visitedAt.getTime() + 3 * 60 * 60 * 1000),
        nextSteps: { create: visit.steps.map((text, position) => ({ id: `${id}_step_${position + 1}`, position, text, dueDate: fromZoned(workingDay(today, position + 2), 12 * 60, ZONE) })) },
      },
    });
  }
  await tx.activity.create({
    data: {
      id: "demo_activity_from_visit",
      kind: "task",
      subject: "Envoyer la proposition en deux tranches",
      ownerId: rep.id,
      startsAt: fromZoned(workingDay(today, 2), 12 * 60, ZONE),
      companyId: companies[0]!.id,
      contactId: contactOf(companies[0]!.id)?.id ?? null,
      dealId: "demo_deal_1",
      createdById: rep.id,
      nextStep: { connect: { id: "demo_visit_1_step_1" } },
    },
  });
  return rows.length + 1;
}

async function seedDemoContracts(tx: TransactionClient, context: { rep: { id: string; name: string }; companies: DemoWorkspace["companies"]; today: LocalDate; now: Date }): Promise<number> {
  const { rep, companies, today } = context;
  // Contract dates are days of the workspace, stored as their local midnight (app/domain/sales/document-dates.ts).
  const dayAgo = (days: number) => fromZoned(addDays(today, -days), 0, ZONE);
  const termFrom = (days: number) => ({ start: dayAgo(days), end: dayAgo(days - 364) });
  const rows = [
    { company: 7, title: "Maintenance Premium", ...termFrom(40), cents: 370_500, renewal: "tacit", status: "active" },
    { company: 0, title: "Maintenance Standard atelier", ...termFrom(320), cents: 180_000, renewal: "explicit", status: "to_renew" },
    { company: 4, title: "Maintenance Standard", ...termFrom(200), cents: 180_000, renewal: "tacit", status: "active" },
    { company: 13, title: "Maintenance Standard (site de Valence)", ...termFrom(400), cents: 180_000, renewal: "tacit", status: "cancelled" },
  ];
  for (const [index, row] of rows.entries()) {
    const id = `demo_contract_${index + 1}`;
    const company = companies[row.company]!;
    await tx.contract.create({
      data: {
        id,
        companyId: company.id,
        ownerId: rep.id,
        title: row.title,
        startDate: row.start,
        endDate: row.end,
        yearlyAmountCents: row.cents,
        renewal: row.renewal,
        reminderDays: 60,
        status: row.status,
        cancelledAt: row.status === "cancelled" ? dayAgo(35) : null,
        cancellationReason: row.status === "cancelled" ? "Fermeture du site" : "",
        createdAt: row.start,
        updatedAt: row.start,
      },
    });
    if (row.status === "cancelled") continue;
    // Its renewal task on the rep's agenda, 60 days before the end (the one "to renew" is already due).
    await tx.activity.create({
      data: {
        id: `${id}_renewal`,
        kind: "task",
        subject: `Renouvellement du contrat « ${row.title} » (${company.name})`,
        notes: `Échéance du contrat le ${new Intl.DateTimeFormat("fr-FR", { timeZone: ZONE }).format(row.end)}.`,
        ownerId: rep.id,
        startsAt: renewalReminderAt({ endDate: row.end, reminderDays: 60 }),
        companyId: company.id,
        contractId: id,
        createdById: rep.id,
        createdAt: row.start,
        updatedAt: row.start,
      },
    });
  }
  // The Premium contract's own targets: urgent and high tickets answered faster while it is in force.
  await tx.slaPolicy.createMany({
    data: [
      { id: "demo_sla_premium_urgent", name: `${companies[7]!.name} · Maintenance Premium · urgent`, priority: "urgent", companyId: companies[7]!.id, contractId: "demo_contract_1", firstResponseMinutes: 30, resolutionMinutes: 240, createdAt: dayAgo(40), updatedAt: dayAgo(40) },
      { id: "demo_sla_premium_high", name: `${companies[7]!.name} · Maintenance Premium · high`, priority: "high", companyId: companies[7]!.id, contractId: "demo_contract_1", firstResponseMinutes: 60, resolutionMinutes: 510, createdAt: dayAgo(40), updatedAt: dayAgo(40) },
    ],
  });
  return rows.length;
}

type WonDeal = { id: string; company: DemoWorkspace["companies"][number]; contact: { id: string; firstName: string; lastName: string } | null; spec: (typeof wonDeals)[number] };

/**
 * A quote and an order for each won deal, a sent quote awaiting an answer and a draft (totals by
 * app/domain/sales/money.ts, as the app computes them): numbered
 * DEV-/CMD-<year>-0001 onwards, with the counters left where the next real one continues.
 */
async function seedDemoQuotes(tx: TransactionClient, context: { rep: { id: string }; won: WonDeal[]; now: Date }): Promise<number> {
  const { rep, won, now } = context;
  const year = toZoned(now, ZONE).date.year;
  const pad = (number: number) => String(number).padStart(4, "0");
  const seller = JSON.stringify(demoSeller);
  const customer = (company: DemoWorkspace["companies"][number], contact: WonDeal["contact"]) =>
    JSON.stringify({ name: company.name, street: company.street, postalCode: company.postalCode, city: company.city, country: company.country, contactName: contact ? `${contact.firstName} ${contact.lastName}` : "" });
  // Gapless per year (DEV-2025-0001…, then DEV-2026-0001…): the deals come in date order.
  const counters = new Map<string, number>();
  const nextNumber = (kind: "quote" | "order", at: Date) => {
    const key = `${kind}:${toZoned(at, ZONE).date.year}`;
    const value = (counters.get(key) ?? 0) + 1;
    counters.set(key, value);
    return { number: `${kind === "quote" ? "DEV" : "CMD"}-${key.slice(kind.length + 1)}-${pad(value)}`, value };
  };
  let quoteNumber = 0;
  let orderNumber = 0;
  for (const deal of won) {
    const product = demoProducts[deal.spec.product]!;
    const totalExcl = Math.round((product.unitPriceCents * deal.spec.quantity * (10_000 - deal.spec.discountBps)) / 10_000);
    const vat = Math.round((totalExcl * product.vatRateBps) / 10_000);
    const issued = new Date(now.getTime() - (deal.spec.wonDaysAgo + 10) * DAY);
    const accepted = new Date(now.getTime() - deal.spec.wonDaysAgo * DAY);
    const quoteId = `demo_quote_${++quoteNumber}`;
    await tx.quote.create({
      data: {
        id: quoteId,
        number: nextNumber("quote", issued).number,
        companyId: deal.company.id,
        contactId: deal.contact?.id ?? null,
        dealId: deal.id,
        ownerId: rep.id,
        status: "accepted",
        issueDate: issued,
        validUntil: new Date(issued.getTime() + 30 * DAY),
        paymentTerms: demoSeller.paymentTerms,
        customerSnapshot: customer(deal.company, deal.contact),
        sellerSnapshot: seller,
        totalExclCents: totalExcl,
        totalVatCents: vat,
        totalInclCents: totalExcl + vat,
        sentAt: issued,
        acceptedAt: accepted,
        createdAt: issued,
        updatedAt: accepted,
        lines: {
          create: [{ position: 0, productId: `demo_product_${deal.spec.product + 1}`, reference: product.reference, description: product.name, unit: product.unit, quantityMilli: deal.spec.quantity * 1000, unitPriceCents: product.unitPriceCents, discountBps: deal.spec.discountBps, vatRateBps: product.vatRateBps, totalExclCents: totalExcl }],
        },
      },
    });
    await tx.order.create({
      data: { id: `demo_order_${++orderNumber}`, number: nextNumber("order", accepted).number, quoteId, companyId: deal.company.id, contactId: deal.contact?.id ?? null, dealId: deal.id, ownerId: rep.id, orderedAt: accepted, totalExclCents: totalExcl, totalVatCents: vat, totalInclCents: totalExcl + vat, createdAt: accepted },
    });
  }
  // A quote sent to the customer, awaiting an answer, and a draft being written: on open deals.
  const openQuotes: Array<{ deal: string; status: "sent" | "draft"; daysAgo: number; lines: Array<{ product?: number; description?: string; unit?: string; quantityMilli: number; unitPriceCents?: number; discountBps?: number; vatRateBps?: number }> }> = [
    {
      deal: "Serveur de sauvegarde et PRA",
      status: "sent",
      daysAgo: 6,
      lines: [
        { description: "Serveur de sauvegarde NAS 4 baies, 4 × 8 To, onduleur", unit: "unit", quantityMilli: 1000, unitPriceCents: 640_000, vatRateBps: 2000 },
        { product: 2, quantityMilli: 12_000, discountBps: 1000 },
        { product: 5, quantityMilli: 1000 },
      ],
    },
    {
      deal: "Deux terminaux de caisse pour la nouvelle boutique",
      status: "draft",
      daysAgo: 1,
      lines: [
        { product: 4, quantityMilli: 2000 },
        { product: 6, quantityMilli: 2000 },
      ],
    },
  ];
  for (const spec of openQuotes) {
    const deal = await tx.deal.findFirstOrThrow({ where: { title: spec.deal }, select: { id: true, companyId: true, contactId: true, company: true, contact: { select: { firstName: true, lastName: true, emails: { where: { isPrimary: true }, select: { address: true } } } } } });
    const lines = spec.lines.map((line, position) => {
      const product = line.product === undefined ? null : demoProducts[line.product]!;
      const money = { quantityMilli: line.quantityMilli, unitPriceCents: line.unitPriceCents ?? product!.unitPriceCents, discountBps: line.discountBps ?? 0, vatRateBps: line.vatRateBps ?? product!.vatRateBps };
      return {
        position,
        productId: line.product === undefined ? null : `demo_product_${line.product + 1}`,
        reference: product?.reference ?? "",
        description: line.description ?? product!.name,
        unit: line.unit ?? product!.unit,
        ...money,
        totalExclCents: lineTotalExclCents(money),
      };
    });
    const totals = documentTotals(lines);
    const issued = fromZoned(toZoned(new Date(now.getTime() - spec.daysAgo * DAY), ZONE).date, 0, ZONE);
    const sentAt = new Date(now.getTime() - spec.daysAgo * DAY);
    const contactName = deal.contact ? `${deal.contact.firstName} ${deal.contact.lastName}`.trim() : "";
    await tx.quote.create({
      data: {
        id: `demo_quote_${++quoteNumber}`,
        number: nextNumber("quote", issued).number,
        companyId: deal.companyId,
        contactId: deal.contactId,
        dealId: deal.id,
        ownerId: rep.id,
        status: spec.status,
        issueDate: issued,
        validUntil: fromZoned(addDays(toZoned(issued, ZONE).date, 30), 0, ZONE),
        paymentTerms: demoSeller.paymentTerms,
        customerSnapshot: spec.status === "sent" ? JSON.stringify({ name: deal.company.name, street: deal.company.street, postalCode: deal.company.postalCode, city: deal.company.city, country: deal.company.country, contactName, contactEmail: deal.contact?.emails[0]?.address ?? "", language: "fr" }) : "{}",
        sellerSnapshot: spec.status === "sent" ? seller : "{}",
        totalExclCents: totals.totalExclCents,
        totalVatCents: totals.totalVatCents,
        totalInclCents: totals.totalInclCents,
        sentAt: spec.status === "sent" ? sentAt : null,
        createdAt: new Date(sentAt.getTime() - 2 * 60 * 60 * 1000),
        updatedAt: sentAt,
        lines: { create: lines },
      },
    });
  }
  // This year's counters always exist (the next document continues from them), past years' too.
  for (const kind of ["quote", "order"] as const) if (!counters.has(`${kind}:${year}`)) counters.set(`${kind}:${year}`, 0);
  for (const [name, value] of counters) await tx.counter.upsert({ where: { name }, create: { name, value }, update: { value } });
  await tx.setting.upsert({ where: { key: "sales.seller" }, create: { key: "sales.seller", value: seller }, update: { value: seller } });
  return quoteNumber;
}

/** The demo's own company, as Administration › Devis et mentions holds it (app/domain/sales/seller-identity.ts). */
export const demoSeller = {
  legalName: "Comptoir Informatique Services",
  legalForm: "SAS",
  shareCapital: "50 000 €",
  street: "12 rue des Artisans",
  postalCode: "69007",
  city: "Lyon",
  country: "FR",
  siren: "732829320",
  siret: "73282932000074",
  vatNumber: "FR44732829320",
  rcsCity: "Lyon",
  phone: "+33 4 78 00 00 00",
  email: "contact@comptoir.test",
  paymentTerms: "30 jours fin de mois, par virement.",
  quoteValidityDays: 30,
  latePenalty: "En cas de retard de paiement, pénalités au taux de trois fois le taux d'intérêt légal, exigibles dès le lendemain de l'échéance.",
  iban: "FR7630006000011234567890189",
  bic: "AGRIFRPP",
  footer: "",
};
