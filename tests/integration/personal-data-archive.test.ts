import fs from "node:fs";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCustomerMessage } from "~/domain/helpdesk/tickets.server";
import { buildPendingPersonalDataExports, purgeExpiredPersonalDataExports, requestPersonalDataExport } from "~/domain/privacy/personal-data-exports.server";
import type { PersonalData } from "~/domain/privacy/personal-data.server";
import { db } from "~/lib/db.server";
import { aConsent } from "../support/campaign-factories.ts";
import { aUser, TEST_PASSWORD } from "../support/factories.ts";
import { aCompany, aCustomer, aThread, portalCookieFor } from "../support/portal-factories.ts";
import { CustomerBrowser } from "../support/portal-http.ts";
import { aDeal } from "../support/sales-deals-factories.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";
import { expectConsoleErrors } from "../support/vitest-setup.ts";

let app: TestApp;
let manager: Awaited<ReturnType<typeof aUser>>;
let sales: Awaited<ReturnType<typeof aUser>>;
let person: Awaited<ReturnType<typeof aCustomer>>;
let colleague: Awaited<ReturnType<typeof aCustomer>>;
let thread: Awaited<ReturnType<typeof aThread>>;
let colleagueThread: Awaited<ReturnType<typeof aThread>>;

async function signedIn(user: { email: string }) {
  const session = new HttpSession(app.url);
  expect((await session.signIn(user.email, TEST_PASSWORD)).status).toBe(302);
  return session;
}

async function bytes(path: string, cookie: string) {
  const response = await fetch(new URL(path, app.url), { headers: { Cookie: cookie }, redirect: "manual" });
  return { status: response.status, headers: response.headers, body: new Uint8Array(await response.arrayBuffer()) };
}

beforeAll(async () => {
  await aUser({ role: "admin" });
  manager = await aUser({ role: "manager", name: "Mona Manager" });
  sales = await aUser({ role: "sales", name: "Sam Ventes" });
  const company = await aCompany("Boulangerie <Archive>");
  person = await aCustomer({ companyId: company.id, firstName: "Élise<script>alert(1)</script>", email: "elise@archive.test" });
  await db().contactEmail.create({ data: { contactId: person.id, address: "elise.perso@archive.test", isPrimary: false } });
  await db().contact.update({ where: { id: person.id }, data: { phone: "+33 6 11 22 33 44", jobTitle: "Gérante" } });
  colleague = await aCustomer({ companyId: company.id, firstName: "Colette", email: "colette@archive.test" });

  thread = await aThread({ requesterId: person.id, agentId: manager.id, subject: "Four en panne <b>urgent</b>" });
  // Elise writes on her colleague's ticket: her message is hers; Colette's thread is not.
  colleagueThread = await aThread({ requesterId: colleague.id, agentId: manager.id, subject: "Ticket de Colette" });
  await addCustomerMessage({ ticketId: colleagueThread.ticketId, contactId: person.id, bodyText: "Élise ajoute : le four chauffe mal." });
  await db().satisfactionRating.create({ data: { ticketId: thread.ticketId, contactId: person.id, rating: "good", comment: "Très réactifs" } });

  await aConsent("elise@archive.test", "opt_in", person.id);
  await db().marketingConsentChange.create({ data: { address: "elise@archive.test", contactId: person.id, previousState: null, state: "opt_in", source: "form", basis: "consent", note: "Formulaire du site" } });
  const campaign = await db().campaign.create({ data: { name: "Soldes d'hiver", subject: "Nos soldes", fromName: "Atelier", fromAddress: "m@atelier.test", replyTo: "", mjml: "", status: "finished" }, select: { id: true } });
  const link = await db().campaignLink.create({ data: { campaignId: campaign.id, position: 0, url: "https://atelier.test/soldes" }, select: { id: true } });
  const recipient = await db().campaignRecipient.create({ data: { campaignId: campaign.id, contactId: person.id, address: "elise@archive.test", status: "sent", sentAt: new Date(), opens: 2, firstOpenedAt: new Date(), clicks: 1, firstClickedAt: new Date() }, select: { id: true } });
  await db().campaignLinkClick.create({ data: { recipientId: recipient.id, linkId: link.id } });

  await db().activity.create({ data: { kind: "call", subject: "Appel de suivi Élise", ownerId: sales.id, startsAt: new Date(), companyId: company.id, contactId: person.id } });
  await db().visitReport.create({ data: { companyId: company.id, contactId: person.id, authorId: sales.id, visitedAt: new Date(), discussion: "Élise veut un second four." } });
  const deal = await aDeal({ title: "Second four Élise", companyId: company.id, ownerId: sales.id, contactId: person.id, amountCents: 450_000 });
  const quote = await db().quote.create({ data: { number: "DEV-ARCH-1", companyId: company.id, contactId: person.id, dealId: deal.id, ownerId: sales.id, status: "accepted", issueDate: new Date(), validUntil: new Date(Date.now() + 30 * 86_400_000), totalExclCents: 450_000, totalInclCents: 540_000 }, select: { id: true } });
  await db().order.create({ data: { number: "CMD-ARCH-1", quoteId: quote.id, companyId: company.id, contactId: person.id, ownerId: sales.id, orderedAt: new Date(), totalExclCents: 450_000, totalVatCents: 90_000, totalInclCents: 540_000 } });
  await db().portalLoginLink.create({ data: { tokenHash: "hash-of-a-link-archive", contactId: person.id, email: "elise@archive.test", expiresAt: new Date(Date.now() + 600_000) } });
  app = await startTestApp();
}, 120_000);

afterAll(async () => {
  await app?.close();
});

describe("The access archive", () => {
  let archivePath = "";
  let files: Record<string, Uint8Array> = {};

  it("is requested from the contact page, built in the background, listed with its status and downloaded by staff, audited", async () => {
    const session = await signedIn(manager);
    const page = await (await session.get(`/clients/contacts/${person.id}`)).text();
    expect(page).toContain(`action="/clients/contacts/${person.id}/donnees-personnelles"`);
    const requested = await session.postForm(`/clients/contacts/${person.id}/donnees-personnelles`, {});
    expect(requested.status).toBe(302);
    // A second click while it is pending does not queue another.
    expect((await session.postForm(`/clients/contacts/${person.id}/donnees-personnelles`, {})).status).toBe(302);
    expect(await db().personalDataExport.count({ where: { contactId: person.id } })).toBe(1);
    expect(await (await session.get(`/clients/contacts/${person.id}`)).text()).toContain("En préparation");

    expect(await buildPendingPersonalDataExports()).toBe(1);
    const archive = await db().personalDataExport.findFirstOrThrow({ where: { contactId: person.id } });
    expect(archive).toMatchObject({ status: "ready", requestedVia: "staff", requestedById: manager.id });
    archivePath = archive.storedPath;
    expect(fs.existsSync(archivePath)).toBe(true);

    const after = await (await session.get(`/clients/contacts/${person.id}`)).text();
    expect(after).toContain(`/clients/contacts/${person.id}/donnees-personnelles/${archive.id}`);
    const download = await bytes(`/clients/contacts/${person.id}/donnees-personnelles/${archive.id}`, session.cookieHeader());
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/zip");
    files = unzipSync(download.body);

    const audit = await db().auditLog.findMany({ where: { entityType: "contact", entityId: person.id, action: { startsWith: "privacy.access_" } }, orderBy: { at: "asc" } });
    expect(audit.map((entry) => [entry.action, entry.actorId])).toEqual([
      ["privacy.access_requested", manager.id],
      ["privacy.access_downloaded", manager.id],
    ]);
    expect(audit.map((entry) => entry.details).join()).not.toContain("elise@");
  });

  it("holds every kind of data about the person as JSON, and nothing of other people or internal notes", () => {
    expect(Object.keys(files).sort()).toEqual(
      ["donnees.json", "index.html", ...Object.keys(files).filter((name) => name.startsWith("pieces-jointes/"))].sort(),
    );
    const data = JSON.parse(strFromU8(files["donnees.json"]!)) as PersonalData;
    expect(data.contact).toMatchObject({ firstName: "Élise<script>alert(1)</script>", phone: "+33 6 11 22 33 44", jobTitle: "Gérante" });
    expect(data.contact.emails.map((email) => email.address)).toEqual(["elise@archive.test", "elise.perso@archive.test"]);
    expect(data.company?.name).toBe("Boulangerie <Archive>");
    expect(data.consents).toEqual([expect.objectContaining({ address: "elise@archive.test", state: "opt_in" })]);
    expect(data.consentHistory).toEqual([expect.objectContaining({ state: "opt_in", note: "Formulaire du site" })]);

    const own = data.tickets.find((ticket) => ticket.number === thread.number)!;
    expect(own.requester).toBe(true);
    expect(own.messages.map((message) => message.text)).toEqual(["L'imprimante affiche E-204.", "Pouvez-vous redémarrer l'imprimante ?"]);
    const onColleagues = data.tickets.find((ticket) => ticket.number === colleagueThread.number)!;
    expect(onColleagues.requester).toBe(false);
    expect(onColleagues.messages.map((message) => message.text)).toEqual(["Élise ajoute : le four chauffe mal."]);
    expect(JSON.stringify(data)).not.toContain("NOTE INTERNE");
    expect(JSON.stringify(data)).not.toContain("contrat-interne.pdf");
    // Counted on her own tickets only (her colleague's notes are about her colleague).
    expect(data.internalNotesNotIncluded).toBe(1);

    // The files of her public thread are in the zip, byte for byte; the internal one is not.
    const attachmentNames = data.attachments.map((attachment) => attachment.filename).sort();
    expect(attachmentNames).toEqual(["photo-erreur.pdf", "procedure.pdf"]);
    for (const attachment of data.attachments) expect(strFromU8(files[attachment.path]!)).toMatch(/^%PDF-1\.4 (customer|agent)/);

    expect(data.ratings).toEqual([expect.objectContaining({ ticketNumber: thread.number, rating: "good", comment: "Très réactifs" })]);
    expect(data.campaignDeliveries).toEqual([expect.objectContaining({ campaign: "Soldes d'hiver", opens: 2, clicks: 1, clickedLinks: [expect.objectContaining({ url: "https://atelier.test/soldes" })] })]);
    expect(data.activities.map((activity) => activity.subject)).toEqual(["Appel de suivi Élise"]);
    expect(data.visitReports.map((report) => report.discussion)).toEqual(["Élise veut un second four."]);
    expect(data.deals.map((deal) => deal.title)).toEqual(["Second four Élise"]);
    expect(data.quotes.map((quote) => quote.number)).toEqual(["DEV-ARCH-1"]);
    expect(data.orders.map((order) => order.number)).toEqual(["CMD-ARCH-1"]);
    expect(data.portalLinks).toEqual([expect.objectContaining({ email: "elise@archive.test" })]);
    expect(JSON.stringify(data)).not.toContain("hash-of-a-link-archive");
    expect(JSON.stringify(data)).not.toContain("colette@archive.test");
  });

  it("has a readable page in the person's language with every value escaped", () => {
    const html = strFromU8(files["index.html"]!);
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain("Vos demandes et nos échanges");
    expect(html).toContain("Élise&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>");
    expect(html).toContain("Boulangerie &lt;Archive&gt;");
    expect(html).toContain("Four en panne &lt;b&gt;urgent&lt;/b&gt;");
    expect(html).toContain("1 note(s) interne(s)");
    expect(html).toMatch(/4\s500,00\s€/);
  });

  it("is refused to roles without read:privacy, and never reachable under another contact", async () => {
    const archive = await db().personalDataExport.findFirstOrThrow({ where: { contactId: person.id } });
    const salesSession = await signedIn(sales);
    expect((await salesSession.postForm(`/clients/contacts/${person.id}/donnees-personnelles`, {})).status).toBe(403);
    expect((await bytes(`/clients/contacts/${person.id}/donnees-personnelles/${archive.id}`, salesSession.cookieHeader())).status).toBe(403);
    expect(await (await salesSession.get(`/clients/contacts/${person.id}`)).text()).not.toContain("donnees-personnelles");
    const managerSession = await signedIn(manager);
    expect((await bytes(`/clients/contacts/${colleague.id}/donnees-personnelles/${archive.id}`, managerSession.cookieHeader())).status).toBe(404);
    for (const logged of expectConsoleErrors()) expect(logged[0]).toMatchObject({ status: expect.any(Number) });
  });

  it("is deleted when it expires: the file goes, the row says so, the link is dead", async () => {
    const archive = await db().personalDataExport.findFirstOrThrow({ where: { contactId: person.id } });
    expect(await purgeExpiredPersonalDataExports(new Date(Date.now() + 8 * 86_400_000))).toBe(1);
    expect(fs.existsSync(archivePath)).toBe(false);
    expect(await db().personalDataExport.findUniqueOrThrow({ where: { id: archive.id } })).toMatchObject({ status: "expired", storedPath: "" });
    const session = await signedIn(manager);
    expect((await bytes(`/clients/contacts/${person.id}/donnees-personnelles/${archive.id}`, session.cookieHeader())).status).toBe(404);
    for (const logged of expectConsoleErrors()) expect(logged[0]).toMatchObject({ status: 404 });
  });
});

describe("The portal request", () => {
  it("mails a signed link to the person's verified address; the link downloads their archive only, and a forged one is refused", async () => {
    const browser = new CustomerBrowser(app.url);
    browser.setCookie(await portalCookieFor(person.id));
    const account = await browser.get("/portail/compte");
    expect(account.body).toContain("elise@archive.test");
    const posted = await browser.post("/portail/compte", { intent: "personal-data" });
    expect(posted.status).toBe(302);
    // One pending at a time.
    await browser.get("/portail/compte");
    await browser.post("/portail/compte", { intent: "personal-data" });
    expect(await db().personalDataExport.count({ where: { contactId: person.id, status: "pending" } })).toBe(1);

    expect(await buildPendingPersonalDataExports()).toBe(1);
    const archive = await db().personalDataExport.findFirstOrThrow({ where: { contactId: person.id, requestedVia: "portal" } });
    expect(archive.status).toBe("sent");
    const mail = await db().outboundEmail.findFirstOrThrow({ where: { kind: "personal_data_archive" }, select: { toAddress: true, text: true, html: true, subject: true } });
    expect(mail.toAddress).toBe("elise@archive.test");
    expect(mail.subject).toBe("Vos données personnelles");
    expect(mail.html).not.toContain("<script>alert(1)");
    const url = /\/portail\/donnees\/[A-Za-z0-9_.-]+/.exec(mail.text)![0];

    const anonymous = await bytes(url, "");
    expect(anonymous.status).toBe(200);
    const data = JSON.parse(strFromU8(unzipSync(anonymous.body)["donnees.json"]!)) as PersonalData;
    expect(data.contact.id).toBe(person.id);
    const downloaded = await db().auditLog.findFirstOrThrow({ where: { action: "privacy.access_downloaded", details: { contains: archive.id } } });
    expect(downloaded.actorId).toBeNull();

    // The signature covers the archive id: another person's archive is never reachable by editing the link.
    const colleagueRequest = await requestPersonalDataExport(colleague.id, { via: "portal" });
    await buildPendingPersonalDataExports();
    const [payload, signature] = url.slice("/portail/donnees/".length).split(".");
    const decoded = JSON.parse(Buffer.from(payload!, "base64url").toString()) as { e: string; x: number };
    const forged = Buffer.from(JSON.stringify({ ...decoded, e: colleagueRequest!.exportId })).toString("base64url");
    expect((await bytes(`/portail/donnees/${forged}.${signature}`, "")).status).toBe(404);
    expect((await bytes("/portail/donnees/nimporte-quoi", "")).status).toBe(404);
  });

  it("limits how often a person may ask", async () => {
    const other = await aCustomer({ firstName: "Rita", email: "rita@archive.test" });
    const browser = new CustomerBrowser(app.url);
    browser.setCookie(await portalCookieFor(other.id));
    for (let attempt = 0; attempt < 3; attempt++) {
      await browser.get("/portail/compte");
      expect((await browser.post("/portail/compte", { intent: "personal-data" })).status).toBe(302);
      await buildPendingPersonalDataExports();
    }
    expect(await db().personalDataExport.count({ where: { contactId: other.id } })).toBe(3);
    await browser.get("/portail/compte");
    await browser.post("/portail/compte", { intent: "personal-data" });
    expect(await db().personalDataExport.count({ where: { contactId: other.id } })).toBe(3);
  });
});
