/**
 * The sales side of the large dataset (scripts/large-dataset.ts): deals with their stage history,
 * activities, quotes with their lines and orders, maintenance contracts and the companies'
 * lifecycle, spread over the three years and the sales reps like a real SME's CRM. Quote totals
 * come from the same money rules as the application (app/domain/sales/money.ts). Written with prepared statements inside the bulk
 * load (indexes are rebuilt once at the end by the caller). Deterministic for a given seed.
 */
import type Database from "better-sqlite3";
import { documentTotals, type MoneyLine } from "../app/domain/sales/money.ts";
import { demoProducts, demoSeller } from "../prisma/seed/sales-demo.ts";
import { prismaDate, type Random } from "./large-dataset-random.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEARS = 3;

export type SalesSize = { deals: number; activities: number; quotes: number };

export type SalesCompany = { id: string; name: string; address: string; street: string; postalCode: string; city: string; ownerId: string | null };
export type SalesContacts = { all: Array<{ id: string; companyIndex: number; name: string }>; byCompany: number[][] };

/** What the quotes step needs to know of each deal. */
export type SalesDeal = {
  id: string;
  companyIndex: number;
  contactId: string | null;
  ownerId: string;
  stageId: string;
  amountCents: number;
  createdAt: number;
  closedAt: number | null;
};

const openStages = ["stage_qualification", "stage_proposal", "stage_negotiation"] as const;
const lossReasons = [
  ["loss_price", 30],
  ["loss_competitor", 30],
  ["loss_no_budget", 15],
  ["loss_no_decision", 20],
  ["loss_timing", 5],
] as const;
const sources = [
  ["website", 25],
  ["referral", 20],
  ["inbound_call", 20],
  ["trade_show", 12],
  ["campaign", 15],
  ["other", 8],
] as const;
const dealTitles = [
  "Renouvellement du parc informatique",
  "Contrat de maintenance",
  "Terminaux de caisse",
  "Serveur de sauvegarde",
  "Réseau Wi-Fi",
  "Formation des utilisateurs",
  "Migration de la messagerie",
  "Postes de travail",
  "Téléphonie IP",
  "Logiciel de gestion",
  "Imprimantes multifonctions",
  "Vidéosurveillance",
  "Câblage du nouveau local",
  "Sécurité et pare-feu",
];
const callSubjects = ["Point sur le projet", "Relance du devis", "Appel de courtoisie", "Qualification du besoin", "Suivi après installation", "Questions sur le contrat"];
const appointmentSubjects = ["Rendez-vous de découverte", "Présentation de l'offre", "Démonstration sur site", "Visite annuelle", "Négociation finale"];
const taskSubjects = ["Envoyer la documentation", "Préparer la proposition", "Relancer par e-mail", "Mettre à jour le chiffrage", "Planifier la démonstration"];
const emailSubjects = ["Envoi de la proposition", "Compte rendu de la réunion", "Réponse aux questions techniques", "Confirmation du rendez-vous"];

/** Writes deals and their history, activities, contracts, and sets each company's lifecycle. */
export function writeSales(
  sqlite: Database.Database,
  input: {
    random: Random;
    newId: () => string;
    now: number;
    size: SalesSize;
    companies: SalesCompany[];
    contacts: SalesContacts;
    salesIds: string[];
    managerId: string;
    log: (line: string) => void;
  },
): { deals: SalesDeal[]; contracts: number; stageChanges: number; orders: number } {
  const { random, newId, now, companies, contacts, salesIds } = input;
  const span = YEARS * 365 * DAY;
  const ownerOf = (companyIndex: number) => companies[companyIndex].ownerId ?? salesIds[companyIndex % salesIds.length];
  // Deals concentrate on a third of the companies (the ones sales work), with a long tail.
  const pickCompany = () => Math.min(companies.length - 1, Math.floor(companies.length * Math.pow(random.next(), 1.6)));
  const contactAt = (companyIndex: number) => {
    const people = contacts.byCompany[companyIndex];
    return people.length > 0 ? contacts.all[random.pick(people)].id : null;
  };

  const insertDeal = sqlite.prepare(
    `INSERT INTO "Deal" ("id", "title", "companyId", "contactId", "ownerId", "stageId", "amountCents", "expectedCloseDate", "source", "lossReasonId",
       "closedAt", "stageChangedAt", "version", "createdById", "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertChange = sqlite.prepare(`INSERT INTO "DealStageChange" ("id", "dealId", "fromStageId", "toStageId", "actorId", "at") VALUES (?, ?, ?, ?, ?, ?)`);
  const deals: SalesDeal[] = new Array(input.size.deals);
  let stageChanges = 0;
  sqlite.transaction(() => {
    for (let i = 0; i < input.size.deals; i++) {
      // Denser lately, like the tickets.
      const createdAt = Math.min(now - HOUR, now - span + Math.sqrt((i + random.next()) / input.size.deals) * span);
      const ageDays = (now - createdAt) / DAY;
      const companyIndex = pickCompany();
      const ownerId = random.chance(0.9) ? ownerOf(companyIndex) : random.pick(salesIds);
      // Log-normal amounts: most between 1,000 and 20,000 €, a few large projects.
      const amountCents = Math.round(Math.exp(8.4 + random.next() * 2.2 + (random.chance(0.05) ? 1.5 : 0))) * 100;
      const closed = ageDays > 150 || (ageDays > 20 && random.chance(Math.min(0.9, ageDays / 160)));
      const won = closed && random.chance(0.3);
      const finalStage = !closed ? random.weighted([[openStages[0], 45], [openStages[1], 35], [openStages[2], 20]] as const) : won ? "stage_won" : "stage_lost";
      const cycle = Math.min(ageDays - 1, 10 + random.int(0, 90)) * DAY;
      const closedAt = closed ? Math.floor(createdAt + cycle) : null;
      const path: string[] = closed
        ? [...openStages.slice(0, random.int(1, 3)), finalStage]
        : openStages.slice(0, openStages.indexOf(finalStage as (typeof openStages)[number]) + 1);
      const end = closedAt ?? Math.max(createdAt, now - random.int(0, Math.max(1, Math.floor(ageDays))) * DAY * 0.5);
      const id = newId();
      let previous: string | null = null;
      path.forEach((stage, step) => {
        const at = step === path.length - 1 ? end : createdAt + ((end - createdAt) * step) / Math.max(1, path.length - 1);
        insertChange.run(newId(), id, previous, stage, ownerId, prismaDate(Math.floor(at)));
        previous = stage;
      });
      stageChanges += path.length;
      const expectedClose = closedAt ?? now + random.int(-20, 180) * DAY;
      insertDeal.run(
        id,
        `${random.pick(dealTitles)} — ${companies[companyIndex].name}`.slice(0, 200),
        companies[companyIndex].id,
        contactAt(companyIndex),
        ownerId,
        finalStage,
        amountCents,
        prismaDate(Math.floor(expectedClose / DAY) * DAY + 11 * HOUR),
        random.weighted(sources),
        finalStage === "stage_lost" ? random.weighted(lossReasons) : null,
        closedAt === null ? null : prismaDate(closedAt),
        prismaDate(Math.floor(end)),
        path.length,
        ownerId,
        prismaDate(Math.floor(createdAt)),
        prismaDate(Math.floor(end)),
      );
      deals[i] = { id, companyIndex, contactId: contactAt(companyIndex), ownerId, stageId: finalStage, amountCents, createdAt: Math.floor(createdAt), closedAt };
    }
  })();
  input.log(`    … ${input.size.deals.toLocaleString("en")} deals, ${stageChanges.toLocaleString("en")} stage changes`);

  writeActivities(sqlite, { ...input, deals, ownerOf, pickCompany, contactAt });
  const orders = writeQuotes(sqlite, { ...input, deals });
  const contracts = writeContracts(sqlite, { ...input, ownerOf });
  writeLifecycle(sqlite, { ...input, deals });
  return { deals, contracts, stageChanges, orders };
}

/** Calls, e-mails, tasks and appointments: mostly about a deal, done when in the past; a few overdue tasks and a planned future. */
function writeActivities(
  sqlite: Database.Database,
  input: {
    random: Random;
    newId: () => string;
    now: number;
    size: SalesSize;
    companies: SalesCompany[];
    salesIds: string[];
    deals: SalesDeal[];
    ownerOf: (companyIndex: number) => string;
    pickCompany: () => number;
    contactAt: (companyIndex: number) => string | null;
    log: (line: string) => void;
  },
) {
  const { random, newId, now, deals } = input;
  const span = YEARS * 365 * DAY;
  const insertActivity = sqlite.prepare(
    `INSERT INTO "Activity" ("id", "kind", "subject", "notes", "ownerId", "startsAt", "endsAt", "mode", "location", "doneAt", "remindedAt",
       "companyId", "contactId", "dealId", "createdById", "version", "createdAt", "updatedAt")
     VALUES (?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
  );
  const BATCH = 50_000;
  for (let start = 0; start < input.size.activities; start += BATCH) {
    sqlite.transaction(() => {
      for (let i = start; i < Math.min(input.size.activities, start + BATCH); i++) {
        const deal = deals.length > 0 && random.chance(0.6) ? random.pick(deals) : null;
        const companyIndex = deal ? deal.companyIndex : input.pickCompany();
        const ownerId = deal ? deal.ownerId : input.ownerOf(companyIndex);
        // 3 % lie ahead (up to two months), the rest over the three years, denser lately.
        const future = random.chance(0.03);
        let startsAt = future ? now + random.int(1, 60 * 24) * HOUR : now - span + Math.sqrt((i + random.next()) / input.size.activities) * span;
        if (deal && !future) startsAt = Math.min(now - HOUR, Math.max(deal.createdAt, startsAt));
        // Office hours, on the quarter hour.
        startsAt = Math.floor(startsAt / DAY) * DAY + (7 + random.int(0, 9)) * HOUR + random.int(0, 3) * 15 * MINUTE;
        const kind = random.weighted([["call", 40], ["email", 25], ["task", 20], ["appointment", 15]] as const);
        const subjects = kind === "call" ? callSubjects : kind === "appointment" ? appointmentSubjects : kind === "task" ? taskSubjects : emailSubjects;
        const past = startsAt < now;
        const done = past && (kind !== "task" || random.chance(0.97));
        const appointment = kind === "appointment";
        const mode = appointment ? (random.chance(0.6) ? "onsite" : "remote") : null;
        insertActivity.run(
          newId(),
          kind,
          random.pick(subjects),
          ownerId,
          prismaDate(startsAt),
          appointment ? prismaDate(startsAt + random.int(2, 6) * 30 * MINUTE) : null,
          mode,
          mode === "onsite" ? input.companies[companyIndex].address : "",
          done ? prismaDate(appointment ? startsAt + 3 * HOUR : startsAt) : null,
          past && (appointment || kind === "task") ? prismaDate(startsAt - 15 * MINUTE) : null,
          input.companies[companyIndex].id,
          random.chance(0.75) ? input.contactAt(companyIndex) : null,
          deal?.id ?? null,
          ownerId,
          prismaDate(Math.min(startsAt, now) - random.int(0, 7) * DAY),
          prismaDate(done ? Math.min(now, startsAt + 3 * HOUR) : Math.min(startsAt, now)),
        );
      }
    })();
    if ((start / BATCH) % 4 === 3) input.log(`    … ${Math.min(input.size.activities, start + BATCH).toLocaleString("en")} activities`);
  }
}

/**
 * The price list (the demo's products and more), then quotes on deals that got far enough: won
 * deals have an accepted quote and its order, lost ones a refused quote, open ones at proposal or
 * negotiation a sent (possibly expired) quote or a draft. Numbered DEV-/CMD-<year>-NNNN without
 * gaps in issue order, with the counters left where the next real one continues.
 */
function writeQuotes(sqlite: Database.Database, input: { random: Random; newId: () => string; now: number; size: SalesSize; companies: SalesCompany[]; deals: SalesDeal[]; log: (line: string) => void }): number {
  const { random, newId, now, companies, deals } = input;
  if (input.size.quotes === 0 || deals.length === 0) return 0;
  const catalogueAt = prismaDate(now - YEARS * 365 * DAY);
  const insertProduct = sqlite.prepare(
    `INSERT INTO "Product" ("id", "reference", "name", "description", "unit", "unitPriceCents", "vatRateBps", "active", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
  );
  const extra = [
    ["SW-COMPTA", "Logiciel de comptabilité (licence annuelle)", "year", 69_000, 2000],
    ["SW-CAISSE", "Logiciel de caisse certifié NF525", "year", 42_000, 2000],
    ["NAS-4", "Serveur de sauvegarde NAS 4 baies", "unit", 128_000, 2000],
    ["WIFI-AP", "Borne Wi-Fi professionnelle", "unit", 34_900, 2000],
    ["SWITCH-24", "Commutateur 24 ports administrable", "unit", 45_000, 2000],
    ["FIREWALL", "Pare-feu UTM avec abonnement 1 an", "unit", 189_000, 2000],
    ["IMPR-MFP", "Imprimante multifonction A3", "unit", 249_000, 2000],
    ["TEL-IP", "Poste téléphonique IP", "unit", 16_900, 2000],
    ["CABLE-PT", "Point de câblage réseau (pose comprise)", "unit", 12_000, 2000],
    ["DEPL", "Frais de déplacement", "flat", 6_500, 2000],
  ] as const;
  const products: Array<{ id: string; reference: string; name: string; unit: string; unitPriceCents: number; vatRateBps: number }> = [];
  sqlite.transaction(() => {
    for (const product of demoProducts) {
      const id = newId();
      insertProduct.run(id, product.reference, product.name, product.description, product.unit, product.unitPriceCents, product.vatRateBps, catalogueAt, catalogueAt);
      products.push({ id, ...product });
    }
    for (const [reference, name, unit, unitPriceCents, vatRateBps] of extra) {
      const id = newId();
      insertProduct.run(id, reference, name, "", unit, unitPriceCents, vatRateBps, catalogueAt, catalogueAt);
      products.push({ id, reference, name, unit, unitPriceCents, vatRateBps });
    }
  })();

  const insertQuote = sqlite.prepare(
    `INSERT INTO "Quote" ("id", "number", "companyId", "contactId", "dealId", "ownerId", "status", "issueDate", "validUntil", "paymentTerms", "notes",
       "customerSnapshot", "sellerSnapshot", "totalExclCents", "totalVatCents", "totalInclCents", "sentAt", "acceptedAt", "refusedAt", "version", "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertLine = sqlite.prepare(
    `INSERT INTO "QuoteLine" ("id", "quoteId", "position", "productId", "reference", "description", "unit", "quantityMilli", "unitPriceCents", "discountBps", "vatRateBps", "totalExclCents")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertOrder = sqlite.prepare(
    `INSERT INTO "Order" ("id", "number", "quoteId", "companyId", "contactId", "dealId", "ownerId", "orderedAt", "totalExclCents", "totalVatCents", "totalInclCents", "createdAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const setCounter = sqlite.prepare(`INSERT INTO "Counter" ("name", "value") VALUES (?, ?) ON CONFLICT("name") DO UPDATE SET "value" = excluded."value"`);
  const seller = JSON.stringify(demoSeller);

  // The deals that get a quote: won and lost first (they reached a proposal), then open ones past qualification.
  const quoted = deals.filter((deal) => deal.stageId !== "stage_qualification");
  const chosen = quoted.length <= input.size.quotes ? quoted : quoted.filter((_, index) => index % Math.ceil(quoted.length / input.size.quotes) === 0);
  const picked = [...chosen];
  for (let index = 0; picked.length < input.size.quotes; index++) picked.push(deals[index % deals.length]);
  picked.length = input.size.quotes;
  // Issued when the deal was at its proposal: numbering follows issue order.
  const plan = picked.map((deal) => {
    const end = deal.closedAt ?? now - DAY;
    const issued = Math.floor(Math.max(deal.createdAt, end - random.int(5, 40) * DAY) / DAY) * DAY + 9 * HOUR;
    return { deal, issued: Math.min(issued, now - HOUR) };
  });
  plan.sort((a, b) => a.issued - b.issued);

  const quoteNumbers = new Map<number, number>();
  const orderNumbers = new Map<number, number>();
  const yearOf = (at: number) => new Date(at).getUTCFullYear();
  const pad = (value: number) => String(value).padStart(4, "0");
  let orders = 0;
  const BATCH = 20_000;
  for (let start = 0; start < plan.length; start += BATCH) {
    sqlite.transaction(() => {
      for (const { deal, issued } of plan.slice(start, start + BATCH)) {
        const company = companies[deal.companyIndex];
        const lineCount = random.int(1, 4);
        const lines: Array<MoneyLine & { product: (typeof products)[number] }> = [];
        for (let position = 0; position < lineCount; position++) {
          const product = random.pick(products);
          const quantityMilli = (product.unit === "hour" || product.unit === "day" ? random.int(1, 16) : random.int(1, 12)) * 1000;
          lines.push({ product, quantityMilli, unitPriceCents: product.unitPriceCents, discountBps: random.chance(0.25) ? random.pick([500, 1000, 1500]) : 0, vatRateBps: product.vatRateBps });
        }
        const totals = documentTotals(lines);
        const validUntil = issued + 30 * DAY;
        const status =
          deal.stageId === "stage_won" ? "accepted" : deal.stageId === "stage_lost" ? "refused" : random.chance(0.15) ? "draft" : "sent";
        const decided = deal.closedAt ?? null;
        const year = yearOf(issued);
        const number = (quoteNumbers.get(year) ?? 0) + 1;
        quoteNumbers.set(year, number);
        const quoteId = newId();
        const customer = JSON.stringify({ name: company.name, street: company.street, postalCode: company.postalCode, city: company.city, country: "FR", contactName: "", contactEmail: "", language: "fr" });
        insertQuote.run(
          quoteId,
          `DEV-${year}-${pad(number)}`,
          company.id,
          deal.contactId,
          deal.id,
          deal.ownerId,
          status,
          prismaDate(issued),
          prismaDate(validUntil),
          demoSeller.paymentTerms,
          status === "draft" ? "{}" : customer,
          status === "draft" ? "{}" : seller,
          totals.totalExclCents,
          totals.totalVatCents,
          totals.totalInclCents,
          status === "draft" ? null : prismaDate(issued),
          status === "accepted" && decided ? prismaDate(decided) : null,
          status === "refused" && decided ? prismaDate(decided) : null,
          status === "draft" ? 1 : 2,
          prismaDate(issued),
          prismaDate(decided ?? issued),
        );
        lines.forEach((line, position) => {
          insertLine.run(newId(), quoteId, position, line.product.id, line.product.reference, line.product.name, line.product.unit, line.quantityMilli, line.unitPriceCents, line.discountBps, line.vatRateBps, totals.lineTotalsCents[position]);
        });
        if (status === "accepted" && decided) {
          const orderYear = yearOf(decided);
          const orderNumber = (orderNumbers.get(orderYear) ?? 0) + 1;
          orderNumbers.set(orderYear, orderNumber);
          insertOrder.run(newId(), `CMD-${orderYear}-${pad(orderNumber)}`, quoteId, company.id, deal.contactId, deal.id, deal.ownerId, prismaDate(decided), totals.totalExclCents, totals.totalVatCents, totals.totalInclCents, prismaDate(decided));
          orders += 1;
        }
      }
    })();
  }
  sqlite.transaction(() => {
    for (const [year, value] of quoteNumbers) setCounter.run(`quote:${year}`, value);
    for (const [year, value] of orderNumbers) setCounter.run(`order:${year}`, value);
  })();
  input.log(`    … ${plan.length.toLocaleString("en")} quotes, ${orders.toLocaleString("en")} orders`);
  return orders;
}

/** Maintenance contracts on one company in ten: yearly, most renewed, some cancelled (the churn base). */
function writeContracts(
  sqlite: Database.Database,
  input: { random: Random; newId: () => string; now: number; companies: SalesCompany[]; ownerOf: (companyIndex: number) => string },
): number {
  const { random, newId, now, companies } = input;
  const insertContract = sqlite.prepare(
    `INSERT INTO "Contract" ("id", "companyId", "ownerId", "title", "startDate", "endDate", "yearlyAmountCents", "renewal", "reminderDays", "status",
       "cancelledAt", "cancellationReason", "version", "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 60, ?, ?, ?, 1, ?, ?)`,
  );
  const reasons = ["Cessation d'activité", "Passage à la concurrence", "Réduction des coûts", "Internalisation du support", "Déménagement hors zone"];
  let count = 0;
  sqlite.transaction(() => {
    for (let companyIndex = 0; companyIndex < companies.length; companyIndex++) {
      if (!random.chance(0.1)) continue;
      const start = now - random.int(30, 3 * 365) * DAY;
      const yearsRun = Math.floor((now - start) / (365 * DAY));
      const cancelled = random.chance(0.12);
      const cancelledAt = cancelled ? Math.min(now - DAY, start + random.int(200, Math.max(201, yearsRun * 365 + 200)) * DAY) : null;
      const end = start + (yearsRun + 1) * 365 * DAY;
      const status = cancelled ? "cancelled" : end - now < 60 * DAY ? "to_renew" : "active";
      const premium = random.chance(0.3);
      insertContract.run(
        newId(),
        companies[companyIndex].id,
        input.ownerOf(companyIndex),
        premium ? "Maintenance Premium" : "Maintenance Standard",
        prismaDate(start),
        prismaDate(end),
        premium ? 390_000 : 180_000,
        random.chance(0.7) ? "tacit" : "explicit",
        status,
        cancelledAt === null ? null : prismaDate(cancelledAt),
        cancelled ? random.pick(reasons) : "",
        prismaDate(start),
        prismaDate(cancelledAt ?? start),
      );
      count += 1;
    }
  })();
  return count;
}

/** A company with a won deal is a client since its first win; one whose contracts were all cancelled, a former client. */
function writeLifecycle(sqlite: Database.Database, input: { companies: SalesCompany[]; deals: SalesDeal[] }) {
  const firstWin = new Map<number, number>();
  for (const deal of input.deals) {
    if (deal.stageId !== "stage_won" || deal.closedAt === null) continue;
    const known = firstWin.get(deal.companyIndex);
    if (known === undefined || deal.closedAt < known) firstWin.set(deal.companyIndex, deal.closedAt);
  }
  const setClient = sqlite.prepare(`UPDATE "Company" SET "lifecycleStage" = 'client', "clientSince" = ? WHERE "id" = ?`);
  sqlite.transaction(() => {
    for (const [companyIndex, at] of firstWin) setClient.run(prismaDate(at), input.companies[companyIndex].id);
    sqlite.exec(`
      UPDATE "Company" SET "lifecycleStage" = 'former_client',
        "lostAt" = (SELECT max("cancelledAt") FROM "Contract" c WHERE c."companyId" = "Company"."id"),
        "lostReason" = (SELECT c."cancellationReason" FROM "Contract" c WHERE c."companyId" = "Company"."id" ORDER BY c."cancelledAt" DESC LIMIT 1)
      WHERE "lifecycleStage" = 'client'
        AND EXISTS (SELECT 1 FROM "Contract" c WHERE c."companyId" = "Company"."id")
        AND NOT EXISTS (SELECT 1 FROM "Contract" c WHERE c."companyId" = "Company"."id" AND c."status" <> 'cancelled')`);
    sqlite.exec(`UPDATE "Company" SET "prospectSource" = 'website' WHERE "lifecycleStage" = 'prospect' AND "prospectSource" = '' AND (rowid % 3) = 0`);
    sqlite.exec(`UPDATE "Company" SET "prospectSource" = 'trade_show' WHERE "lifecycleStage" = 'prospect' AND "prospectSource" = '' AND (rowid % 3) = 1`);
  })();
}
