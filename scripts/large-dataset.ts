/**
 * The large dataset for benchmarks: by default 1,000,000 tickets, 3,000,000 messages, 200,000
 * contacts and 50,000 companies over three years, with the sales side on the same companies
 * (200,000 deals, 1,000,000 activities, 100,000 quotes with their orders, contracts:
 * scripts/large-dataset-sales.ts), in a separate
 * SQLite file (`npm run seed:large`, see docs/benchmarks.md).
 *
 * The file is migrated like any database (prisma migrate deploy), then filled with
 * better-sqlite3 directly: prepared statements, large transactions, no journal and no fsync
 * during the load, secondary indexes and search triggers dropped and rebuilt once at the end
 * (sorting once is much faster than updating b-trees row by row). Ids are cuid-shaped and
 * increase with insertion, so primary-key b-trees only ever append. Dates are stored exactly as
 * Prisma's SQLite adapter writes them ("2026-08-19T15:20:54.000+00:00"), so Prisma reads them.
 *
 * Everything derives from a seeded PRNG and `now`: the same options give the same rows.
 */
import fs from "node:fs";
import path from "node:path";
import bcrypt from "bcryptjs";
import Database from "better-sqlite3";
import { englishTemplates, frenchSnippets, frenchTemplates, internalNotes, lastNames as demoLastNames, femaleFirstNames, maleFirstNames, printerErrorCodes, demoTags, type TicketTemplate } from "../prisma/seed/demo-data.ts";
import { searchIndexSql } from "../app/lib/search/sqlite-fts.server.ts";
import { lastMessageAtSql } from "../app/lib/sqlite.server.ts";
import { applyMigrations } from "../server/bootstrap/migrate.ts";
import type { ConsentSource } from "../app/domain/customers/customer-vocabulary.ts";
import { idFactory, prismaDate, Random } from "./large-dataset-random.ts";
import { writeSales } from "./large-dataset-sales.ts";

export { prismaDate };

export type LargeDatasetSize = {
  tickets: number;
  messages: number;
  contacts: number;
  companies: number;
  /** Sales side (scripts/large-dataset-sales.ts); zero leaves it out. */
  deals: number;
  activities: number;
  quotes: number;
};

export const fullSize: LargeDatasetSize = { tickets: 1_000_000, messages: 3_000_000, contacts: 200_000, companies: 50_000, deals: 200_000, activities: 1_000_000, quotes: 100_000 };

export type LargeDatasetOptions = Omit<LargeDatasetSize, "deals" | "activities" | "quotes"> & Partial<Pick<LargeDatasetSize, "deals" | "activities" | "quotes">> & {
  /** The SQLite file to (re)create. */
  file: string;
  now?: Date;
  seed?: number;
  log?: (line: string) => void;
};

export type LargeDatasetSummary = LargeDatasetSize & {
  file: string;
  contracts: number;
  dealStageChanges: number;
  orders: number;
  users: number;
  groups: number;
  bytes: number;
  /** Wall-clock seconds, and CPU seconds of this process (wall time varies with the machine's load). */
  seconds: number;
  cpuSeconds: number;
  steps: Array<{ step: string; seconds: number }>;
};

/** Staff accounts of the large dataset: the demo logins (password "comptoir") plus agents. */
export const largeDatasetPassword = "comptoir";
export const largeDatasetLogins = {
  admin: "admin@comptoir.test",
  technician: "tech@comptoir.test",
  restrictedTechnician: "tech2@comptoir.test",
  sales: "ventes@comptoir.test",
  marketing: "marketing@comptoir.test",
  manager: "direction@comptoir.test",
} as const;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEARS = 3;

// ───────────────────────────── French material ─────────────────────────────

const moreLastNames = [
  "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent",
  "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard",
  "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Lefèvre", "Faure", "André",
  "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia",
  "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson",
  "Marchand", "Duval", "Dumont", "Marie", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier", "Brun",
  "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud", "Martinez",
  "Gérard", "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal", "Caron", "Picard",
  "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix", "Olivier", "Philippe", "Bourgeois",
  "Pierre", "Benoît", "Rey", "Leclerc", "Payet", "Rolland", "Leclercq", "Guillaume", "Lecomte", "Lopez",
  "Jean", "Dupuy", "Guillot", "Hubert", "Berger", "Carpentier", "Sanchez", "Dupuis", "Moulin", "Louis",
  "Deschamps", "Huet", "Vasseur", "Perez", "Boucher", "Fleury", "Royer", "Klein", "Jacquet", "Adam",
  "Paris", "Poirier", "Marty", "Aubry", "Guyot", "Carré", "Charles", "Renault", "Charpentier", "Ménard",
  "Maillard", "Baron", "Bertin", "Bailly", "Hervé", "Schneider", "Fernandez", "Le Gall", "Collet", "Léger",
  "Bouvier", "Julien", "Prévost", "Millet", "Perrot", "Daniel", "Le Roux", "Cousin", "Germain", "Breton",
];
const lastNames = [...new Set([...demoLastNames, ...moreLastNames])];
const firstNames = [
  ...femaleFirstNames, ...maleFirstNames,
  "Marie", "Nathalie", "Catherine", "Christine", "Sophie", "Julie", "Camille", "Laura", "Sarah", "Emma",
  "Jean", "Pierre", "Michel", "Philippe", "Alain", "Patrick", "Laurent", "Julien", "David", "Thomas",
];

const trades: Array<[string, "industry" | "commerce" | "services"]> = [
  ["Menuiserie", "industry"], ["Métallerie", "industry"], ["Imprimerie", "industry"], ["Plasturgie", "industry"],
  ["Fonderie", "industry"], ["Chaudronnerie", "industry"], ["Ébénisterie", "industry"], ["Brasserie artisanale", "industry"],
  ["Mécanique de précision", "industry"], ["Textiles", "industry"], ["Scierie", "industry"], ["Conserverie", "industry"],
  ["Boulangerie", "commerce"], ["Pâtisserie", "commerce"], ["Boucherie", "commerce"], ["Fromagerie", "commerce"],
  ["Librairie", "commerce"], ["Quincaillerie", "commerce"], ["Pharmacie", "commerce"], ["Optique", "commerce"],
  ["Caves", "commerce"], ["Fleurs", "commerce"], ["Épicerie fine", "commerce"], ["Jardinerie", "commerce"],
  ["Garage", "services"], ["Cabinet comptable", "services"], ["Agence immobilière", "services"], ["Hôtel", "services"],
  ["Restaurant", "services"], ["Transports", "services"], ["Cabinet d'architectes", "services"], ["Auto-école", "services"],
  ["Étude notariale", "services"], ["Clinique vétérinaire", "services"], ["Laboratoire", "services"], ["Crèche", "services"],
];
const legalForms = ["", "", "", " SARL", " SAS", " & Fils", " et Associés", " Frères"];
const cities: Array<[string, string]> = [
  ["Paris", "75011"], ["Lyon", "69003"], ["Marseille", "13006"], ["Toulouse", "31000"], ["Nice", "06000"], ["Nantes", "44000"],
  ["Strasbourg", "67000"], ["Montpellier", "34000"], ["Bordeaux", "33000"], ["Lille", "59000"], ["Rennes", "35000"], ["Reims", "51100"],
  ["Dijon", "21000"], ["Angers", "49000"], ["Grenoble", "38000"], ["Clermont-Ferrand", "63000"], ["Tours", "37000"], ["Limoges", "87000"],
  ["Amiens", "80000"], ["Metz", "57000"], ["Besançon", "25000"], ["Orléans", "45000"], ["Rouen", "76000"], ["Caen", "14000"],
  ["Nancy", "54000"], ["Poitiers", "86000"], ["Pau", "64000"], ["La Rochelle", "17000"], ["Annecy", "74000"], ["Cholet", "49300"],
  ["Quimper", "29000"], ["Valence", "26000"], ["Colmar", "68000"], ["Brive-la-Gaillarde", "19100"], ["Bayonne", "64100"], ["Arras", "62000"],
];
const streets = ["rue de la République", "avenue Jean Jaurès", "rue Victor Hugo", "place du Marché", "rue des Artisans", "boulevard Gambetta", "rue de la Gare", "chemin des Vignes", "rue Pasteur", "zone artisanale des Prés"];
const freeMailDomains = ["gmail.com", "orange.fr", "wanadoo.fr", "free.fr", "laposte.net", "sfr.fr", "hotmail.fr"];
const extraGroups = [
  { key: "key-accounts", name: "Grands comptes", description: "Clients sous contrat cadre : un interlocuteur dédié." },
  { key: "business-software", name: "Logiciels métier", description: "Paramétrage et évolutions des logiciels de gestion." },
  { key: "billing", name: "Facturation", description: "Factures, avoirs, prélèvements et relances." },
];
const subjectSuffixes = ["", "", "", "", " — site de {city}", " (suite)", " - urgent", " — poste {n}", " / ref. {ref}"];

function slug(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’&]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

function fill(text: string, vars: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => vars[key] ?? whole);
}

// ───────────────────────────── the load ─────────────────────────────

type Step = { step: string; seconds: number };

/** Builds the dataset into `options.file` (replacing it) and returns what it wrote and how long it took. */
export async function seedLargeDataset(options: LargeDatasetOptions): Promise<LargeDatasetSummary> {
  const log = options.log ?? (() => {});
  const file = path.resolve(options.file);
  const size: LargeDatasetSize = {
    tickets: options.tickets,
    messages: options.messages,
    contacts: options.contacts,
    companies: options.companies,
    deals: options.deals ?? 0,
    activities: options.activities ?? 0,
    quotes: options.quotes ?? 0,
  };
  if (size.messages < size.tickets) throw new Error("Every ticket has at least one message: messages must be >= tickets.");
  if (size.contacts < 1 || size.companies < 1 || size.tickets < 1) throw new Error("Every count must be at least 1.");
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000) * 1000;
  const random = new Random(options.seed ?? 20_261_126);
  const newId = idFactory(new Random((options.seed ?? 20_261_126) + 1));
  const started = Date.now();
  const cpuStarted = process.cpuUsage();
  const steps: Step[] = [];
  let stepStarted = Date.now();
  let counts = { users: 0, groups: 0, contracts: 0, dealStageChanges: 0, orders: 0 };
  const done = (step: string) => {
    const seconds = (Date.now() - stepStarted) / 1000;
    steps.push({ step, seconds });
    log(`  ${step.padEnd(48)} ${seconds.toFixed(1).padStart(6)} s`);
    stepStarted = Date.now();
  };

  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(`${file}${suffix}`, { force: true });
  await applyMigrations(`file:${file}`);
  done("migrations (prisma migrate deploy)");

  const sqlite = new Database(file);
  try {
    // better-sqlite3's defensive mode refuses journal_mode = OFF; migrations leave the file in WAL
    // mode, which cannot switch to OFF directly.
    sqlite.unsafeMode(true);
    sqlite.pragma("journal_mode = DELETE");
    if (sqlite.pragma("journal_mode = OFF", { simple: true }) !== "off") throw new Error("Could not turn the journal off for the bulk load.");
    sqlite.pragma("synchronous = OFF");
    sqlite.pragma("locking_mode = EXCLUSIVE");
    sqlite.pragma("temp_store = MEMORY");
    sqlite.pragma("cache_size = -1000000");
    sqlite.pragma("foreign_keys = OFF");

    // Secondary indexes and search triggers go; they come back once the rows are in.
    const bulkTables = ["User", "Group", "_GroupToUser", "Company", "CompanyDomain", "Contact", "ContactEmail", "Ticket", "Message", "Tag", "TicketTag", "TicketEvent", "Intervention", "Deal", "DealStageChange", "Activity", "Contract", "Product", "Quote", "QuoteLine", "Order"];
    const savedIndexes = sqlite
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${bulkTables.map(() => "?").join(", ")})`)
      .all(...bulkTables) as Array<{ name: string; sql: string }>;
    sqlite.exec(searchIndexSql.dropTriggers);
    // Ticket.lastMessageAt is written with each ticket (its messages come first): no trigger needed during the load.
    sqlite.exec(lastMessageAtSql.dropTriggers);
    for (const index of savedIndexes) sqlite.exec(`DROP INDEX "${index.name}"`);

    const world = writeWorkspace(sqlite, random, newId, now);
    counts = { ...counts, users: world.users.length, groups: Object.keys(world.groups).length };
    done(`users and groups (${world.users.length} users)`);
    const companies = writeCompanies(sqlite, random, newId, now, size.companies, world.salesIds);
    done(`${size.companies.toLocaleString("en")} companies and their domains`);
    const contacts = writeContacts(sqlite, random, newId, now, size.contacts, companies);
    done(`${size.contacts.toLocaleString("en")} contacts and their addresses`);
    writeTickets(sqlite, random, newId, now, size, contacts, companies, world, log);
    done(`${size.tickets.toLocaleString("en")} tickets, ${size.messages.toLocaleString("en")} messages`);
    if (size.deals > 0 || size.activities > 0 || size.quotes > 0) {
      const sales = writeSales(sqlite, {
        random,
        newId,
        now,
        size: { deals: size.deals, activities: size.activities, quotes: size.quotes },
        companies,
        contacts,
        salesIds: world.salesIds,
        managerId: world.managerId,
        log,
      });
      counts = { ...counts, contracts: sales.contracts, dealStageChanges: sales.stageChanges, orders: sales.orders };
      done(
        `${size.deals.toLocaleString("en")} deals, ${size.activities.toLocaleString("en")} activities, ${sales.contracts.toLocaleString("en")} contracts, ` +
          `${size.quotes.toLocaleString("en")} quotes, ${sales.orders.toLocaleString("en")} orders`,
      );
    }

    for (const index of savedIndexes) sqlite.exec(index.sql);
    done(`${savedIndexes.length} secondary indexes rebuilt`);
    sqlite.exec(searchIndexSql.rebuild());
    sqlite.exec(searchIndexSql.createTriggers);
    sqlite.exec(lastMessageAtSql.createTriggers);
    done("search index built (FTS5), triggers back");
    sqlite.exec("ANALYZE");
    done("ANALYZE (query planner statistics)");
    sqlite.pragma("locking_mode = NORMAL");
    sqlite.pragma("journal_mode = WAL");
    sqlite.unsafeMode(false);
  } finally {
    sqlite.close();
  }
  return {
    ...size,
    file,
    ...counts,
    bytes: fs.statSync(file).size,
    seconds: (Date.now() - started) / 1000,
    cpuSeconds: ((cpu) => (cpu.user + cpu.system) / 1e6)(process.cpuUsage(cpuStarted)),
    steps,
  };
}

// ───────────────────────────── users and groups ─────────────────────────────

type Agent = { id: string; name: string; groupKeys: string[] };
type World = {
  users: Array<{ id: string }>;
  groups: Record<string, string>;
  /** Technicians by group key: who works which queue. */
  agentsByGroup: Record<string, Agent[]>;
  salesIds: string[];
  managerId: string;
};

function writeWorkspace(sqlite: Database.Database, random: Random, newId: () => string, now: number): World {
  const at = prismaDate(now - YEARS * 365 * DAY - 30 * DAY);
  const passwordHash = bcrypt.hashSync(largeDatasetPassword, 10);
  const insertGroup = sqlite.prepare(`INSERT INTO "Group" ("id", "name", "description", "createdAt") VALUES (?, ?, ?, ?)`);
  const insertUser = sqlite.prepare(
    `INSERT INTO "User" ("id", "email", "name", "passwordHash", "role", "locale", "active", "restrictToGroups", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, 'fr', 1, ?, ?, ?)`,
  );
  const insertMembership = sqlite.prepare(`INSERT INTO "_GroupToUser" ("A", "B") VALUES (?, ?)`);
  const groupDefinitions = [
    { key: "n1", name: "Support N1", description: "Premier niveau : accès, logiciels, paramétrage, à distance." },
    { key: "n2", name: "Support N2 / Terrain", description: "Pannes matérielles, réseau, interventions sur site." },
    { key: "service", name: "Service client", description: "Réclamations, facturation, contrats et devis." },
    ...extraGroups,
  ];
  const world: World = { users: [], groups: {}, agentsByGroup: {}, salesIds: [], managerId: "" };
  sqlite.transaction(() => {
    for (const group of groupDefinitions) {
      const id = newId();
      insertGroup.run(id, group.name, group.description, at);
      world.groups[group.key] = id;
      world.agentsByGroup[group.key] = [];
    }
    const addUser = (email: string, name: string, role: string, groupKeys: string[], restricted = false) => {
      const id = newId();
      insertUser.run(id, email, name, passwordHash, role, restricted ? 1 : 0, at, at);
      for (const key of groupKeys) insertMembership.run(world.groups[key], id);
      world.users.push({ id });
      if (role === "technician") for (const key of groupKeys) world.agentsByGroup[key].push({ id, name, groupKeys });
      if (role === "sales") world.salesIds.push(id);
      if (role === "manager") world.managerId = id;
      return id;
    };
    addUser(largeDatasetLogins.admin, "Claire Martin", "admin", []);
    addUser(largeDatasetLogins.technician, "Julien Moreau", "technician", ["n1", "n2"]);
    addUser(largeDatasetLogins.restrictedTechnician, "Sophie Lefèvre", "technician", ["n2"], true);
    addUser(largeDatasetLogins.sales, "Thomas Bernard", "sales", []);
    addUser(largeDatasetLogins.marketing, "Camille Dubois", "marketing", []);
    addUser(largeDatasetLogins.manager, "Nathalie Girard", "manager", []);
    const keys = groupDefinitions.map((group) => group.key);
    for (let i = 0; i < 60; i++) {
      const name = `${random.pick(firstNames)} ${random.pick(lastNames)}`;
      const primary = keys[i % keys.length];
      const groupKeys = random.chance(0.3) ? [...new Set([primary, random.pick(keys)])] : [primary];
      addUser(`agent${i + 1}@comptoir.test`, name, "technician", groupKeys, random.chance(0.2));
    }
    for (let i = 0; i < 8; i++) addUser(`commercial${i + 1}@comptoir.test`, `${random.pick(firstNames)} ${random.pick(lastNames)}`, "sales", []);
  })();
  return world;
}

// ───────────────────────────── companies and contacts ─────────────────────────────

type CompanyRow = { id: string; name: string; domain: string; address: string; street: string; postalCode: string; city: string; ownerId: string | null };

function writeCompanies(sqlite: Database.Database, random: Random, newId: () => string, now: number, count: number, salesIds: string[]): CompanyRow[] {
  const insertCompany = sqlite.prepare(
    `INSERT INTO "Company" ("id", "name", "sector", "size", "street", "postalCode", "city", "country", "phone", "website", "ownerId", "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, 'FR', ?, ?, ?, ?, ?)`,
  );
  const insertDomain = sqlite.prepare(`INSERT INTO "CompanyDomain" ("id", "domain", "companyId") VALUES (?, ?, ?)`);
  const usedDomains = new Set<string>();
  const companies: CompanyRow[] = new Array(count);
  const span = YEARS * 365 * DAY;
  sqlite.transaction(() => {
    for (let i = 0; i < count; i++) {
      const [trade, sector] = random.pick(trades);
      const name = `${trade} ${random.pick(lastNames)}${random.pick(legalForms)}`;
      const [city, postalCode] = random.pick(cities);
      let domain = `${slug(name)}.fr`;
      for (let n = 2; usedDomains.has(domain); n++) domain = `${slug(name)}-${n}.fr`;
      usedDomains.add(domain);
      const id = newId();
      const createdAt = prismaDate(now - span - 30 * DAY + Math.floor((i / count) * span));
      const street = `${random.int(1, 120)} ${random.pick(streets)}`;
      const ownerId = random.chance(0.3) ? random.pick(salesIds) : null;
      insertCompany.run(
        id,
        name,
        sector,
        random.weighted([["1-9", 50], ["10-49", 35], ["50-249", 12], ["250+", 3]] as const),
        street,
        postalCode,
        city,
        `+33 ${random.int(1, 5)} ${random.int(10, 99)} ${random.int(10, 99)} ${random.int(10, 99)} ${random.int(10, 99)}`,
        `https://www.${domain}`,
        ownerId,
        createdAt,
        createdAt,
      );
      insertDomain.run(newId(), domain, id);
      companies[i] = { id, name, domain, address: `${street}, ${postalCode} ${city}`, street, postalCode, city, ownerId };
    }
  })();
  return companies;
}

type ContactRow = { id: string; companyIndex: number; name: string };

/** Contacts: 85 % at a company (about 3.4 each), the rest private persons with a consumer address. */
function writeContacts(sqlite: Database.Database, random: Random, newId: () => string, now: number, count: number, companies: CompanyRow[]): { all: ContactRow[]; byCompany: number[][]; independents: number[] } {
  const insertContact = sqlite.prepare(
    `INSERT INTO "Contact" ("id", "firstName", "lastName", "jobTitle", "phone", "language", "companyId", "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // Consent is the primary address's, with its first history line (docs/marketing.md).
  const insertConsent = sqlite.prepare(`INSERT INTO "MarketingConsent" ("address", "contactId", "state", "source", "basis", "changedAt") VALUES (?, ?, 'opt_in', ?, ?, ?)`);
  const insertConsentChange = sqlite.prepare(
    `INSERT INTO "MarketingConsentChange" ("id", "address", "contactId", "previousState", "state", "source", "basis", "note", "at") VALUES (?, ?, ?, NULL, 'opt_in', ?, ?, '', ?)`,
  );
  const consentOrigins: Partial<Record<ConsentSource, { source: string; basis: string }>> = {
    web_form: { source: "form", basis: "" },
    trade_show: { source: "manual", basis: "Salon professionnel" },
    import: { source: "import", basis: "Fichier clients" },
  };
  const insertEmail = sqlite.prepare(`INSERT INTO "ContactEmail" ("id", "address", "isPrimary", "contactId") VALUES (?, ?, ?, ?)`);
  const usedAddresses = new Set<string>();
  const unique = (local: string, domain: string) => {
    let address = `${local}@${domain}`;
    for (let n = 2; usedAddresses.has(address); n++) address = `${local}${n}@${domain}`;
    usedAddresses.add(address);
    return address;
  };
  const all: ContactRow[] = new Array(count);
  const byCompany: number[][] = companies.map(() => []);
  const independents: number[] = [];
  const span = YEARS * 365 * DAY;
  const titles = ["Gérant", "Gérante", "Comptable", "Assistante de direction", "Responsable informatique", "Chef d'atelier", "Responsable de magasin", "Secrétaire", "Directeur général", "Office manager", ""];
  sqlite.transaction(() => {
    for (let i = 0; i < count; i++) {
      // Every company gets a contact first; then contacts spread over companies.
      const atCompany = i < companies.length || random.chance(0.85);
      const companyIndex = atCompany ? (i < companies.length ? i : random.int(0, companies.length - 1)) : -1;
      const firstName = random.pick(firstNames);
      const lastName = random.pick(lastNames);
      const local = `${slug(firstName)}.${slug(lastName)}`.replace(/-/g, "");
      const id = newId();
      const createdAt = prismaDate(now - span - 20 * DAY + Math.floor(random.next() * span));
      const english = random.chance(0.04);
      const consent = random.chance(0.35);
      const consentSource = consent ? random.pick(["web_form", "trade_show", "import"] satisfies ConsentSource[]) : null;
      insertContact.run(
        id,
        firstName,
        lastName,
        atCompany ? random.pick(titles) : "",
        random.chance(0.8) ? `0${random.int(1, 7)} ${random.int(10, 99)} ${random.int(10, 99)} ${random.int(10, 99)} ${random.int(10, 99)}` : "",
        english ? "en" : "fr",
        atCompany ? companies[companyIndex].id : null,
        createdAt,
        createdAt,
      );
      const primary = unique(local, atCompany ? companies[companyIndex].domain : random.pick(freeMailDomains));
      insertEmail.run(newId(), primary, 1, id);
      if (consentSource) {
        const origin = consentOrigins[consentSource]!;
        insertConsent.run(primary, id, origin.source, origin.basis, createdAt);
        insertConsentChange.run(newId(), primary, id, origin.source, origin.basis, createdAt);
      }
      if (random.chance(0.12)) insertEmail.run(newId(), unique(local, random.pick(freeMailDomains)), 0, id);
      all[i] = { id, companyIndex, name: `${firstName} ${lastName}` };
      if (atCompany) byCompany[companyIndex].push(i);
      else independents.push(i);
    }
  })();
  return { all, byCompany, independents };
}

// ───────────────────────────── tickets and messages ─────────────────────────────

const priorityDelays = {
  urgent: { firstResponse: 1 * HOUR, resolution: 4 * HOUR },
  high: { firstResponse: 4 * HOUR, resolution: 1 * DAY },
  normal: { firstResponse: 8 * HOUR, resolution: 3 * DAY },
  low: { firstResponse: 24 * HOUR, resolution: 5 * DAY },
} as const;
type Priority = keyof typeof priorityDelays;

/** Status by age: old tickets are closed, a small backlog stays; the last days are alive. */
function statusFor(ageDays: number, random: Random): string {
  if (ageDays > 21) return random.weighted([["closed", 880], ["solved", 105], ["open", 5], ["on_hold", 5], ["pending_customer", 5]] as const);
  if (ageDays > 7) return random.weighted([["closed", 40], ["solved", 40], ["pending_customer", 7], ["on_hold", 5], ["open", 8]] as const);
  return random.weighted([["new", 22], ["open", 30], ["pending_customer", 18], ["on_hold", 5], ["solved", 25]] as const);
}

/** A weekday, office-ish creation time for the i-th of n tickets over three years (denser lately). */
function creationTime(i: number, n: number, now: number, random: Random): number {
  const span = YEARS * 365 * DAY;
  // Activity grows over the three years: position ~ sqrt keeps the newest year busier.
  const position = Math.sqrt((i + random.next()) / n);
  let at = now - span + position * span;
  const local = new Date(at + HOUR);
  const weekday = local.getUTCDay();
  if ((weekday === 0 || weekday === 6) && random.chance(0.8)) at -= (weekday === 0 ? 2 : 1) * DAY;
  const hour = local.getUTCHours();
  if (hour < 7 || hour > 19) at += (random.int(8, 17) - hour) * HOUR;
  return Math.min(at, now - MINUTE);
}

function writeTickets(
  sqlite: Database.Database,
  random: Random,
  newId: () => string,
  now: number,
  size: LargeDatasetSize,
  contacts: { all: ContactRow[]; byCompany: number[][]; independents: number[] },
  companies: CompanyRow[],
  world: World,
  log: (line: string) => void,
) {
  const insertTicket = sqlite.prepare(
    `INSERT INTO "Ticket" ("id", "number", "subject", "type", "channel", "status", "priority", "requesterId", "companyId", "assigneeId", "groupId",
       "firstResponseDueAt", "firstRespondedAt", "resolutionDueAt", "solvedAt", "closedAt", "lastCustomerMessageAt", "lastAgentReplyAt",
       "lastMessageAt", "slaPausedSince", "slaPolicyId", "version", "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertMessage = sqlite.prepare(
    `INSERT INTO "Message" ("id", "ticketId", "direction", "visibility", "authorUserId", "authorContactId", "bodyText", "emailMessageId", "createdAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertEvent = sqlite.prepare(`INSERT INTO "TicketEvent" ("id", "ticketId", "actorId", "kind", "data", "createdAt") VALUES (?, ?, ?, ?, ?, ?)`);
  const insertTag = sqlite.prepare(`INSERT INTO "Tag" ("id", "name") VALUES (?, ?)`);
  const insertTicketTag = sqlite.prepare(`INSERT INTO "TicketTag" ("ticketId", "tagId") VALUES (?, ?)`);
  const insertIntervention = sqlite.prepare(
    `INSERT INTO "Intervention" ("id", "ticketId", "technicianId", "plannedById", "kind", "startsAt", "endsAt", "address", "notes", "status", "report", "reportedAt", "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertCounter = sqlite.prepare(`INSERT INTO "Counter" ("name", "value") VALUES ('ticket_number', ?) ON CONFLICT("name") DO UPDATE SET "value" = excluded."value"`);
  const slaPolicies = new Set((sqlite.prepare(`SELECT "id" FROM "SlaPolicy"`).pluck().all() as string[]));

  const tagIds = new Map<string, string>();
  sqlite.transaction(() => {
    for (const tag of demoTags) {
      const id = newId();
      insertTag.run(id, tag);
      tagIds.set(tag, id);
    }
  })();

  // Big accounts: a power law over companies, so a few have thousands of tickets.
  const pickRequester = (): ContactRow => {
    if (contacts.independents.length > 0 && random.chance(0.12)) return contacts.all[random.pick(contacts.independents)];
    const companyIndex = Math.min(companies.length - 1, Math.floor(companies.length * Math.pow(random.next(), 2.5)));
    const people = contacts.byCompany[companyIndex];
    return contacts.all[people.length > 0 ? random.pick(people) : random.int(0, contacts.all.length - 1)];
  };
  const templates: Array<readonly [TicketTemplate, number]> = [
    ...frenchTemplates.map((template) => [template, 19] as const),
    ...englishTemplates.map((template) => [template, 1] as const),
  ];
  const extraGroupOf: Record<string, string> = { service: "billing", n1: "business-software", n2: "key-accounts" };

  let produced = 0;
  let batchOpen = false;
  const begin = () => {
    sqlite.exec("BEGIN");
    batchOpen = true;
  };
  const commit = () => {
    sqlite.exec("COMMIT");
    batchOpen = false;
  };
  const BATCH = 20_000;
  try {
    begin();
    for (let i = 0; i < size.tickets; i++) {
      if (i > 0 && i % BATCH === 0) {
        commit();
        if (i % (BATCH * 10) === 0) log(`    … ${i.toLocaleString("en")} tickets`);
        begin();
      }
      const createdAt = creationTime(i, size.tickets, now, random);
      const ageDays = (now - createdAt) / DAY;
      const template = random.weighted(templates);
      const requester = pickRequester();
      const company = requester.companyIndex >= 0 ? companies[requester.companyIndex] : null;
      const priority: Priority = random.chance(0.7) ? template.priority : random.weighted([["low", 15], ["normal", 60], ["high", 20], ["urgent", 5]] as const);
      const groupKey = random.chance(0.2) ? extraGroupOf[template.group] : template.group;
      const agents = world.agentsByGroup[groupKey];
      const status = statusFor(ageDays, random);
      const assignee = status === "new" ? (random.chance(0.1) ? random.pick(agents) : null) : random.chance(0.96) ? random.pick(agents) : null;
      const vars: Record<string, string> = {
        facture: `${new Date(createdAt).getUTCFullYear()}-${String(random.int(12, 9999)).padStart(4, "0")}`,
        devis: `D${new Date(createdAt).getUTCFullYear()}-${random.int(100, 9999)}`,
        err: random.pick(printerErrorCodes),
        n: String(random.int(1000, 9999)),
        phone: `0${random.int(1, 7)} ${random.int(10, 99)} ${random.int(10, 99)} ${random.int(10, 99)} ${random.int(10, 99)}`,
        other: random.pick(firstNames),
        city: random.pick(cities)[0],
        ref: `${random.pick(["PX", "TR", "LG", "CB", "SRV"])}-${random.int(1000, 99999)}`,
      };
      const subject = fill(template.subject + random.pick(subjectSuffixes), vars).slice(0, 250);

      // Messages: the running target keeps the total exact; the last ticket takes the remainder.
      const remainingTickets = size.tickets - i;
      let count = i === size.tickets - 1 ? size.messages - produced : Math.round(((i + 1) * size.messages) / size.tickets) - produced + random.int(-2, 3);
      count = Math.max(1, Math.min(count, 14, size.messages - produced - (remainingTickets - 1)));
      const waiting = status === "new" || (status === "open" && random.chance(0.5));
      const resolved = status === "solved" || status === "closed";
      const horizon = Math.min(now - MINUTE, resolved ? createdAt + random.int(1, 12) * DAY : now - MINUTE);
      const spacing = Math.max(MINUTE, (horizon - createdAt) / Math.max(1, count));

      const ticketId = newId();
      let firstRespondedAt: number | null = null;
      let lastCustomerAt: number | null = null;
      let lastAgentAt: number | null = null;
      let at = createdAt;
      const agent = assignee ?? random.pick(agents);
      for (let m = 0; m < count; m++) {
        if (m > 0) at = Math.min(horizon, at + Math.floor(spacing * (0.3 + random.next() * 1.4)));
        // Thread: request, then answers and replies in turn; the end depends on the status.
        const last = m === count - 1;
        let direction: "in" | "out";
        let internal = false;
        if (m === 0 || status === "new") direction = "in";
        else if (last) direction = waiting ? "in" : "out";
        else if (random.chance(0.13)) {
          direction = "out";
          internal = true;
        } else direction = m % 2 === 1 ? "out" : "in";
        let body: string;
        if (direction === "in") {
          const text = m === 0 ? template.request : status === "new" || random.chance(0.15) ? random.pick(frenchSnippets.relances) : template.customerReply;
          body = `${random.pick(frenchSnippets.firstGreetings)}\n\n${fill(text, vars)}\n\n${random.pick(frenchSnippets.customerClosings)}\n${requester.name}`;
          lastCustomerAt = at;
        } else if (internal) {
          body = fill(random.pick(internalNotes), vars);
        } else {
          const text = last && resolved ? template.resolution : m === 1 ? template.reply : random.pick(frenchSnippets.holds);
          body = `Bonjour ${requester.name.split(" ")[0]},\n\n${fill(text, vars)}\n\n${frenchSnippets.agentClosing}\n${agent.name}\n${frenchSnippets.signature.n1}`;
          lastAgentAt = at;
          firstRespondedAt ??= at;
        }
        insertMessage.run(
          newId(),
          ticketId,
          direction,
          internal ? "internal" : "public",
          direction === "out" ? agent.id : null,
          direction === "in" ? requester.id : null,
          body,
          direction === "in" && m > 0 ? `<${ticketId}.${m}@${company?.domain ?? "exemple.fr"}>` : null,
          prismaDate(at),
        );
      }
      produced += count;

      const delays = priorityDelays[priority];
      const solvedAt = resolved ? at : null;
      const closedAt = status === "closed" ? Math.min(now - MINUTE, at + random.int(4, 7) * DAY) : null;
      const updatedAt = closedAt ?? at;
      insertTicket.run(
        ticketId,
        1001 + i,
        subject,
        template.type,
        random.weighted([["email", 60], ["web", 20], ["portal", 10], ["phone", 10]] as const),
        status,
        priority,
        requester.id,
        company?.id ?? null,
        assignee?.id ?? null,
        world.groups[groupKey],
        prismaDate(createdAt + delays.firstResponse),
        firstRespondedAt === null ? null : prismaDate(firstRespondedAt),
        prismaDate(createdAt + delays.resolution),
        solvedAt === null ? null : prismaDate(solvedAt),
        closedAt === null ? null : prismaDate(closedAt),
        lastCustomerAt === null ? null : prismaDate(lastCustomerAt),
        lastAgentAt === null ? null : prismaDate(lastAgentAt),
        prismaDate(at),
        status === "pending_customer" && lastAgentAt !== null ? prismaDate(lastAgentAt) : null,
        slaPolicies.has(`sla_default_${priority}`) ? `sla_default_${priority}` : null,
        1 + count,
        prismaDate(createdAt),
        prismaDate(updatedAt),
      );
      insertEvent.run(newId(), ticketId, null, "created", JSON.stringify({ channel: "email" }), prismaDate(createdAt));
      if (resolved) insertEvent.run(newId(), ticketId, agent.id, "status", JSON.stringify({ from: "open", to: "solved" }), prismaDate(solvedAt!));
      if (template.tags.length > 0 && random.chance(0.45)) for (const tag of template.tags) insertTicketTag.run(ticketId, tagIds.get(tag));
      if (template.group === "n2" && random.chance(0.15)) {
        const startsAt = createdAt + random.int(1, 5) * DAY;
        const done = startsAt < now - DAY;
        insertIntervention.run(
          newId(),
          ticketId,
          agent.id,
          world.managerId || null,
          random.chance(0.7) ? "onsite" : "remote",
          prismaDate(startsAt),
          prismaDate(startsAt + 2 * HOUR),
          company?.address ?? "",
          "",
          done ? "done" : "planned",
          done ? "Intervention réalisée, matériel testé avec le client." : null,
          done ? prismaDate(startsAt + 3 * HOUR) : null,
          prismaDate(createdAt),
          prismaDate(done ? startsAt + 3 * HOUR : createdAt),
        );
      }
    }
    insertCounter.run(1000 + size.tickets);
    commit();
  } finally {
    if (batchOpen) sqlite.exec("ROLLBACK");
  }
}
