/**
 * The sales side of the large dataset (scripts/large-dataset.ts): deals with their stage history,
 * activities, maintenance contracts and the companies' lifecycle, spread over the three years
 * and the sales reps like a real SME's CRM. Written with prepared statements inside the bulk
 * load (indexes are rebuilt once at the end by the caller). Deterministic for a given seed.
 */
import type Database from "better-sqlite3";
import { prismaDate, type Random } from "./large-dataset-random.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEARS = 3;

export type SalesSize = { deals: number; activities: number };

export type SalesCompany = { id: string; name: string; address: string; ownerId: string | null };
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
): { deals: SalesDeal[]; contracts: number; stageChanges: number } {
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
      deals[i] = { id, companyIndex, contactId: null, ownerId, stageId: finalStage, amountCents, createdAt: Math.floor(createdAt), closedAt };
    }
  })();
  input.log(`    … ${input.size.deals.toLocaleString("en")} deals, ${stageChanges.toLocaleString("en")} stage changes`);

  writeActivities(sqlite, { ...input, deals, ownerOf, pickCompany, contactAt });
  const contracts = writeContracts(sqlite, { ...input, ownerOf });
  writeLifecycle(sqlite, { ...input, deals });
  return { deals, contracts, stageChanges };
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
