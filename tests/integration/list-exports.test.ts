import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contactListExport } from "~/domain/customers/contact-export.server";
import { streamListExport } from "~/domain/exports/list-export.server";
import { db } from "~/lib/db.server";
import { translator } from "~/lib/i18n/translate";
import { aCompany, aContact, aCustomerTicket } from "../support/customers-factories.ts";
import { aGroup, aUser, TEST_PASSWORD } from "../support/factories.ts";
import { aDeal } from "../support/sales-deals-factories.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";
import { expectConsoleErrors } from "../support/vitest-setup.ts";

/** RFC 4180 as our files write it (quotes doubled, CRLF), enough to check cells exactly. */
function parseCsv(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') (field += '"'), index++;
      else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === separator) row.push(field), (field = "");
    else if (char === "\r" && text[index + 1] === "\n") row.push(field), rows.push(row), (row = []), (field = ""), index++;
    else field += char;
  }
  return rows;
}

let app: TestApp;
let admin: Awaited<ReturnType<typeof aUser>>;
let marketing: Awaited<ReturnType<typeof aUser>>;
let technician: Awaited<ReturnType<typeof aUser>>;
let restrictedManager: Awaited<ReturnType<typeof aUser>>;
let salesA: Awaited<ReturnType<typeof aUser>>;
let salesB: Awaited<ReturnType<typeof aUser>>;
let hostile: { id: string };
let fieldTicket: { number: number };
let officeTicket: { number: number };

async function signedIn(user: { email: string }) {
  const session = new HttpSession(app.url);
  expect((await session.signIn(user.email, TEST_PASSWORD)).status).toBe(302);
  return session;
}

/** The file's bytes as text, byte-order mark kept (fetch's text() drops it). */
async function download(session: HttpSession, path: string) {
  const response = await fetch(new URL(path, app.url), { headers: { Cookie: session.cookieHeader() }, redirect: "manual" });
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, text };
}

beforeAll(async () => {
  admin = await aUser({ role: "admin", name: "Alice Admin" });
  const field = await aGroup("Terrain (exports)");
  const office = await aGroup("Bureau (exports)");
  marketing = await aUser({ role: "marketing" });
  technician = await aUser({ role: "technician" });
  restrictedManager = await aUser({ role: "manager", groupIds: [field.id], restrictToGroups: true });
  salesA = await aUser({ role: "sales", name: "Sophie Ventes" });
  salesB = await aUser({ role: "sales", name: "Bruno Ventes" });
  const company = await aCompany({ name: "Exportations Lumière", city: "Lyon", ownerId: salesA.id });
  await aCompany({ name: "Autre Maison", city: "Brest" });
  hostile = await aContact({ firstName: "=HYPERLINK(\"http://evil.test\")", lastName: "Exportable; \"Dupont\"", emails: ["hostile@lumiere-export.test"], companyId: company.id, phone: "+33 6 12 34 56 78" });
  await aContact({ firstName: "Paul", lastName: "Exportable", emails: ["paul@lumiere-export.test"], companyId: company.id, marketingConsent: true });
  await aContact({ firstName: "Zoé", lastName: "Ailleurs", emails: ["zoe@ailleurs-export.test"] });
  fieldTicket = await aCustomerTicket(hostile, { groupId: field.id, subject: "Panne terrain export" });
  officeTicket = await aCustomerTicket(hostile, { groupId: office.id, subject: "Facture bureau export" });
  await aDeal({ title: "Affaire de Sophie", companyId: company.id, ownerId: salesA.id, amountCents: 123_450, expectedCloseDate: new Date(Date.UTC(2027, 1, 15)) });
  await aDeal({ title: "Affaire de Bruno", companyId: company.id, ownerId: salesB.id, amountCents: 99_900 });
  const quoteOf = (number: string, ownerId: string, totalExclCents: number) =>
    db().quote.create({ data: { number, companyId: company.id, ownerId, status: "accepted", issueDate: new Date(Date.UTC(2026, 10, 3)), validUntil: new Date(Date.UTC(2026, 11, 3)), totalExclCents, totalVatCents: totalExclCents / 5, totalInclCents: (totalExclCents * 6) / 5 }, select: { id: true } });
  const quoteA = await quoteOf("DEV-EXP-A", salesA.id, 100_050);
  const quoteB = await quoteOf("DEV-EXP-B", salesB.id, 20_000);
  await db().order.create({ data: { number: "CMD-EXP-A", quoteId: quoteA.id, companyId: company.id, ownerId: salesA.id, orderedAt: new Date(Date.UTC(2026, 10, 10, 10)), totalExclCents: 100_050, totalVatCents: 20_010, totalInclCents: 120_060 } });
  await db().order.create({ data: { number: "CMD-EXP-B", quoteId: quoteB.id, companyId: company.id, ownerId: salesB.id, orderedAt: new Date(Date.UTC(2025, 2, 10, 10)), totalExclCents: 20_000, totalVatCents: 4_000, totalInclCents: 24_000 } });
  app = await startTestApp();
}, 120_000);

afterAll(async () => {
  await app?.close();
});

describe("List exports over HTTP", () => {
  it("exports the contacts list with its filters as French Excel: BOM, semicolons, inert formulas, French dates, audited without the data", async () => {
    const session = await signedIn(marketing);
    const { status, headers, text } = await download(session, "/clients/contacts/export.csv?q=exportable&page=3");
    expect(status).toBe(200);
    expect(headers.get("content-type")).toContain("text/csv");
    expect(headers.get("content-disposition")).toMatch(/^attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(text.startsWith("\uFEFF")).toBe(true);
    const rows = parseCsv(text.slice(1), ";");
    expect(rows[0].slice(0, 5)).toEqual(["Nom", "Prénom", "Fonction", "Société", "E-mail"]);
    // The filter holds: both "Exportable" people, not Zoé; by last name then first name as on screen.
    expect(rows.slice(1).map((row) => row[4])).toEqual(["paul@lumiere-export.test", "hostile@lumiere-export.test"]);
    const hostileRow = rows[2];
    expect(hostileRow[0]).toBe('Exportable; "Dupont"');
    expect(hostileRow[1]).toBe("'=HYPERLINK(\"http://evil.test\")");
    expect(hostileRow[6]).toBe("'+33 6 12 34 56 78");
    expect(rows[1][8]).toBe("Consentement explicite");
    // Marketing reads no tickets: no open-ticket column.
    expect(rows[0]).not.toContain("Tickets ouverts");
    expect(rows[1][rows[0].indexOf("Créé le")]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);

    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "export.downloaded", actorId: marketing.id }, orderBy: [{ at: "desc" }, { id: "desc" }] });
    expect(audit.entityId).toBe("contacts");
    expect(JSON.parse(audit.details)).toEqual({ list: "contacts", filters: { query: "exportable" }, dialect: "excel", rows: 2, complete: true });
    expect(audit.details).not.toContain("hostile@");
  });

  it("writes the comma variant without BOM, with ISO dates and a decimal point", async () => {
    const session = await signedIn(admin);
    const { text } = await download(session, "/ventes/affaires/export.csv?separateur=virgule&tri=montant&ordre=desc");
    expect(text.startsWith("\uFEFF")).toBe(false);
    const rows = parseCsv(text, ",");
    const amount = rows[0].indexOf("Montant HT (€)");
    const close = rows[0].indexOf("Clôture prévue");
    const created = rows[0].indexOf("Créé le");
    expect(rows.slice(1).map((row) => [row[0], row[amount]])).toEqual([
      ["Affaire de Sophie", "1234.50"],
      ["Affaire de Bruno", "999.00"],
    ]);
    expect(rows[1][close]).toBe("2027-02-15");
    expect(rows[1][created]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    const excel = parseCsv((await download(session, "/ventes/affaires/export.csv?tri=montant&ordre=desc")).text.slice(1), ";");
    expect(excel[1][amount]).toBe("1234,50");
    expect(excel[1][close]).toBe("15/02/2027");
  });

  it("exports a sales rep's own deals only, and refuses the lists their role may not export", async () => {
    const session = await signedIn(salesB);
    const { status, text } = await download(session, "/ventes/affaires/export.csv?commercial=" + salesA.id);
    expect(status).toBe(200);
    const titles = parseCsv(text.slice(1), ";").slice(1).map((row) => row[0]);
    expect(titles).toEqual(["Affaire de Bruno"]);
    expect((await session.get("/support/export.csv")).status).toBe(403);
    expect((await session.get("/clients/contacts/export.csv")).status).toBe(403);

    const marketingSession = await signedIn(marketing);
    expect((await marketingSession.get("/ventes/affaires/export.csv")).status).toBe(403);
    expect((await marketingSession.get("/support/export.csv")).status).toBe(403);
    const technicianSession = await signedIn(technician);
    expect((await technicianSession.get("/support/export.csv")).status).toBe(403);
    expect((await technicianSession.get("/clients/export.csv")).status).toBe(403);
    for (const logged of expectConsoleErrors()) expect(logged[0]).toMatchObject({ status: 403 });
  });

  it("exports a Support view with its filters and the viewer's group restriction", async () => {
    const everything = await signedIn(admin);
    const all = parseCsv((await download(everything, "/support/export.csv?vue=open")).text.slice(1), ";");
    expect(all.slice(1).map((row) => Number(row[0])).sort()).toEqual([fieldTicket.number, officeTicket.number].sort());
    const filtered = parseCsv((await download(everything, `/support/export.csv?vue=open&groupe=${(await db().group.findFirstOrThrow({ where: { name: "Bureau (exports)" } })).id}`)).text.slice(1), ";");
    expect(filtered.slice(1).map((row) => Number(row[0]))).toEqual([officeTicket.number]);

    const restricted = await signedIn(restrictedManager);
    const mine = parseCsv((await download(restricted, "/support/export.csv?vue=open")).text.slice(1), ";");
    expect(mine.slice(1).map((row) => Number(row[0]))).toEqual([fieldTicket.number]);
    expect(mine[1][1]).toBe("Panne terrain export");

    // The companies list counts only the open tickets the viewer may see.
    const companies = parseCsv((await download(restricted, "/clients/export.csv?ville=Lyon")).text.slice(1), ";");
    expect(companies.slice(1).map((row) => row[0])).toEqual(["Exportations Lumière"]);
    expect(companies[1][companies[0].indexOf("Tickets ouverts")]).toBe("1");
    expect(companies[1][companies[0].indexOf("Contacts")]).toBe("2");
    expect(companies[1][companies[0].indexOf("Commercial")]).toBe("Sophie Ventes");
  });

  it("offers the export on each list as a plain GET form carrying the filters", async () => {
    const session = await signedIn(admin);
    const contacts = await (await session.get("/clients/contacts?q=exportable&page=1")).text();
    expect(contacts).toContain('action="/clients/contacts/export.csv"');
    expect(contacts).toMatch(/<input type="hidden" name="q" value="exportable"\/>/);
    expect(contacts).not.toMatch(/<input type="hidden" name="page"/);
    expect(await (await session.get("/clients")).text()).toContain('action="/clients/export.csv"');
    expect(await (await session.get("/support")).text()).toContain('action="/support/export.csv"');
    expect(await (await session.get("/ventes/affaires")).text()).toContain('action="/ventes/affaires/export.csv"');
    const technicianSession = await signedIn(technician);
    expect(await (await technicianSession.get("/support")).text()).not.toContain("/support/export.csv");
  });
});

describe("Sales documents", () => {
  it("exports quotes and orders with the list's filters, a rep's own only", async () => {
    const admin_ = await signedIn(admin);
    const quotes = parseCsv((await download(admin_, "/ventes/devis/export.csv?numero=exp")).text.slice(1), ";");
    expect(quotes[0].slice(0, 3)).toEqual(["Numéro de devis", "Statut", "Société"]);
    expect(quotes.slice(1).map((row) => row[0]).sort()).toEqual(["DEV-EXP-A", "DEV-EXP-B"]);
    const quoteA = quotes.find((row) => row[0] === "DEV-EXP-A")!;
    expect(quoteA[quotes[0].indexOf("Total HT (€)")]).toBe("1000,50");
    expect(quoteA[quotes[0].indexOf("Date")]).toBe("03/11/2026");

    // A custom period: only the order placed in it.
    const orders = parseCsv((await download(admin_, "/ventes/commandes/export.csv?du=2026-11-01&au=2026-11-30")).text.slice(1), ";");
    expect(orders.slice(1).map((row) => row[0])).toEqual(["CMD-EXP-A"]);

    const rep = await signedIn(salesB);
    const own = parseCsv((await download(rep, "/ventes/devis/export.csv")).text.slice(1), ";");
    expect(own.slice(1).map((row) => row[0])).toEqual(["DEV-EXP-B"]);
    const ownOrders = parseCsv((await download(rep, "/ventes/commandes/export.csv?periode=tout")).text.slice(1), ";");
    expect(ownOrders.slice(1).map((row) => row[0])).toEqual(["CMD-EXP-B"]);
  });
});

describe("The price list", () => {
  it("exports the state and search shown, with decimal commas and inert formulas", async () => {
    await db().product.createMany({
      data: [
        { reference: "EXP-FOUR", name: "Four export", unitPriceCents: 129_990, vatRateBps: 550 },
        { reference: "EXP-OLD", name: "Four export ancien", unitPriceCents: 50_000, active: false },
        { reference: "EXP-FORM", name: "@SUM(1+1) export", unitPriceCents: 100 },
      ],
    });
    const session = await signedIn(salesA);
    const active = parseCsv((await download(session, "/ventes/produits/export.csv?q=export")).text.slice(1), ";");
    expect(active.slice(1).map((row) => [row[0], row[1], row[4], row[5]])).toEqual([
      ["EXP-FORM", "'@SUM(1+1) export", "1,00", "20"],
      ["EXP-FOUR", "Four export", "1299,90", "5,5"],
    ]);
    const all = parseCsv((await download(session, "/ventes/produits/export.csv?q=export&etat=tous&separateur=virgule")).text, ",");
    expect(all.slice(1).map((row) => row[0])).toEqual(["EXP-FORM", "EXP-FOUR", "EXP-OLD"]);
    expect(all[2]![4]).toBe("1299.90");
  });
});

describe("A large export streams", () => {
  it("reads the database a page at a time as the reader pulls, and audits the full count at the end", async () => {
    const company = await aCompany({ name: "Grande Série Export" });
    const count = 1_600;
    for (let start = 0; start < count; start += 400) {
      await db().contact.createMany({
        data: Array.from({ length: 400 }, (_, index) => ({ id: `bulkexport${String(start + index).padStart(5, "0")}`, firstName: "Série", lastName: `Masse${String(start + index).padStart(5, "0")}`, companyId: company.id })),
      });
    }
    const listExport = contactListExport(admin, { companyId: company.id }, translator("fr"));
    let pagesRead = 0;
    const source = listExport.pages;
    const counted: AsyncIterator<readonly unknown[]> = {
      next: async () => {
        const page = await source.next();
        if (!page.done) pagesRead += 1;
        return page;
      },
      return: async (value) => source.return?.(value) ?? { done: true, value: undefined },
    };
    const reader = streamListExport(admin.id, { ...listExport, pages: counted as typeof source }, "excel").getReader();
    const header = await reader.read();
    expect(new TextDecoder().decode(header.value)).toContain("Nom;Prénom");
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value).split("\r\n").filter(Boolean)).toHaveLength(500);
    // 1,600 rows are 4 pages: only what was read, plus at most the one page waiting in the queue.
    expect(pagesRead).toBeLessThanOrEqual(2);
    let rows = 500;
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      rows += new TextDecoder().decode(chunk.value).split("\r\n").filter(Boolean).length;
    }
    expect(rows).toBe(count);
    expect(pagesRead).toBe(4);
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "export.downloaded", actorId: admin.id, entityId: "contacts" }, orderBy: [{ at: "desc" }, { id: "desc" }] });
    expect(JSON.parse(audit.details)).toMatchObject({ rows: count, complete: true, filters: { companyId: company.id } });
  });

  it("stops reading when the reader goes away, and audits the rows that left as incomplete", async () => {
    const company = await db().company.findFirstOrThrow({ where: { name: "Grande Série Export" } });
    const reader = streamListExport(admin.id, contactListExport(admin, { companyId: company.id }, translator("fr")), "excel").getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "export.downloaded", actorId: admin.id, entityId: "contacts" }, orderBy: [{ at: "desc" }, { id: "desc" }] });
    expect(JSON.parse(audit.details)).toMatchObject({ complete: false });
    expect(JSON.parse(audit.details).rows).toBeLessThan(1_600);
  });
});
