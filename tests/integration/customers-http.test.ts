import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { aCompany, aContact, aCustomerTicket } from "../support/customers-factories.ts";
import { aGroup, aUser, TEST_PASSWORD } from "../support/factories.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";

let app: TestApp;
let sales: Awaited<ReturnType<typeof aUser>>;
let marketing: Awaited<ReturnType<typeof aUser>>;
let restricted: Awaited<ReturnType<typeof aUser>>;
let company: { id: string; name: string };
let owner: { id: string };
let fieldTicket: { number: number };
let officeTicket: { number: number };

async function signedIn(user: { email: string }, warmUp = "/clients") {
  const session = new HttpSession(app.url);
  expect((await session.signIn(user.email, TEST_PASSWORD)).status).toBe(302);
  await session.get(warmUp);
  return session;
}

beforeAll(async () => {
  // A workspace without an administrator shows the first-run page instead of the sign-in form.
  await aUser({ role: "admin" });
  const field = await aGroup("Terrain (clients http)");
  const office = await aGroup("Bureau (clients http)");
  sales = await aUser({ role: "sales", name: "Thomas Ventes" });
  marketing = await aUser({ role: "marketing" });
  restricted = await aUser({ role: "technician", groupIds: [field.id], restrictToGroups: true });
  company = await aCompany({ name: "Quincaillerie Http", domains: ["quincaillerie-http.test"] });
  owner = await aContact({ firstName: "Marie", lastName: "Proprio", emails: ["marie@quincaillerie-http.test"], companyId: company.id });
  fieldTicket = await aCustomerTicket(owner, { groupId: field.id, subject: "Caisse en panne (terrain)" });
  officeTicket = await aCustomerTicket(owner, { groupId: office.id, subject: "Facture à refaire (bureau)" });
  app = await startTestApp();
}, 120_000);

afterAll(async () => {
  await app?.close();
});

describe("Clients pages over HTTP", () => {
  it("refuses an address another contact owns, names them with a link, keeps what was typed and saves nothing", async () => {
    const session = await signedIn(sales, "/clients/contacts/nouveau");
    const before = await db().contact.count();
    const response = await session.postForm("/clients/contacts/nouveau", {
      firstName: "Paul",
      lastName: "Nouveau",
      emails: ["paul@exemple-http.test", "MARIE@quincaillerie-http.test"],
      primaryEmail: "0",
      language: "fr",
      portalAccess: "on",
    });
    expect(response.status).toBe(409);
    const html = await response.text();
    expect(html).toContain("Cette adresse appartient déjà à Marie Proprio.");
    expect(html).toContain(`href="/clients/contacts/${owner.id}"`);
    expect(html).toContain('value="paul@exemple-http.test"');
    expect(await db().contact.count()).toBe(before);
  });

  it("refuses a domain another company owns, then creates the company and redirects to it", async () => {
    const session = await signedIn(sales, "/clients/societes/nouvelle");
    const refused = await session.postForm("/clients/societes/nouvelle", { name: "Quincaillerie Bis", sector: "commerce", domains: ["www.quincaillerie-http.test"] });
    expect(refused.status).toBe(409);
    const html = await refused.text();
    expect(html).toContain("Ce domaine appartient déjà à Quincaillerie Http.");
    expect(html).toContain(`href="/clients/societes/${company.id}"`);

    const created = await session.postForm("/clients/societes/nouvelle", { name: "Quincaillerie Bis", sector: "commerce", domains: ["quincaillerie-bis.test", ""] });
    expect(created.status).toBe(302);
    const location = created.headers.get("location")!;
    expect(location).toMatch(/^\/clients\/societes\/\w+$/);
    const page = await session.get(location);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Quincaillerie Bis");
  });

  it("picks a company by what was typed: suggestions by name, a typed name resolved, an unknown or ambiguous one refused with the text kept", async () => {
    await aCompany({ name: "Garage Picker Nord", domains: ["garage-picker-nord.test"] });
    await aCompany({ name: "Garage Picker Sud", domains: ["garage-picker-sud.test"] });
    const session = await signedIn(sales, "/clients/contacts/nouveau");
    // The form no longer lists every company.
    const form = await (await session.get("/clients/contacts/nouveau")).text();
    expect(form).not.toContain("Garage Picker Nord");
    expect(form).toContain('role="combobox"');

    const suggestions = await session.get("/clients/societes/choix?q=garage%20pick");
    expect(suggestions.status).toBe(200);
    expect(JSON.parse(await suggestions.text()).companies.map((company: { name: string }) => company.name)).toEqual(["Garage Picker Nord", "Garage Picker Sud"]);

    const contact = { firstName: "Luc", lastName: "Picker", emails: ["luc@garage-picker.test"], primaryEmail: "0", language: "fr", portalAccess: "on" };
    const before = await db().contact.count();
    const unknown = await session.postForm("/clients/contacts/nouveau", { ...contact, companyId: "", companyName: "Garage Inconnu" });
    expect(unknown.status).toBe(400);
    const unknownHtml = await unknown.text();
    expect(unknownHtml).toContain("Aucune société ne porte ce nom");
    expect(unknownHtml).toContain('value="Garage Inconnu"');
    const ambiguous = await session.postForm("/clients/contacts/nouveau", { ...contact, companyId: "", companyName: "Garage Picker" });
    expect(ambiguous.status).toBe(400);
    expect(await ambiguous.text()).toContain("Plusieurs sociétés correspondent");
    expect(await db().contact.count()).toBe(before);

    // A stale id with another name typed over it: the text wins.
    const created = await session.postForm("/clients/contacts/nouveau", { ...contact, companyId: company.id, companyName: "garage picker sud" });
    expect(created.status).toBe(302);
    const saved = await db().contactEmail.findUniqueOrThrow({ where: { address: "luc@garage-picker.test" }, select: { contact: { select: { company: { select: { name: true } } } } } });
    expect(saved.contact.company?.name).toBe("Garage Picker Sud");
  });

  it("lets marketing read records but not edit them, and hides the support history from them", async () => {
    const session = await signedIn(marketing);
    const page = await session.get(`/clients/societes/${company.id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Votre rôle ne donne pas accès aux tickets");
    expect(html).not.toContain("Caisse en panne");
    expect((await session.get("/clients/societes/nouvelle")).status).toBe(403);
    expect((await session.get(`/clients/contacts/${owner.id}/modifier`)).status).toBe(403);
    expect((await session.postForm("/clients/doublons", { kind: "contact", firstId: "a", secondId: "b" })).status).toBe(403);
  });

  it("shows a restricted technician only their groups' tickets, on the page and in the older-entries route", async () => {
    const session = await signedIn(restricted);
    const html = await (await session.get(`/clients/societes/${company.id}`)).text();
    expect(html).toContain(`#${fieldTicket.number} · Caisse en panne (terrain)`);
    expect(html).not.toContain("Facture à refaire");
    const more = await session.get(`/clients/chronologie?societe=${company.id}&types=ticket`);
    expect(more.status).toBe(200);
    const page = JSON.parse(await more.text()) as { entries: Array<{ title: string }> };
    expect(page.entries.map((entry) => entry.title)).toEqual([`#${fieldTicket.number} · Caisse en panne (terrain)`]);
    expect(page.entries.some((entry) => entry.title.includes(String(officeTicket.number)))).toBe(false);
  });

  it("answers 404 for a record that does not exist", async () => {
    const session = await signedIn(sales);
    expect((await session.get("/clients/societes/inconnue")).status).toBe(404);
    expect((await session.get("/clients/contacts/inconnu")).status).toBe(404);
    expect((await session.get("/clients/chronologie?contact=inconnu")).status).toBe(404);
    expect((await session.get("/clients/doublons/fusion?type=contact&a=x&b=y")).status).toBe(404);
  });
});
