import { describe, expect, it } from "vitest";
import { createCompany, listCompanyOwners, updateCompany } from "~/domain/customers/company-records.server";
import { searchCompanies } from "~/domain/customers/company-queries.server";
import { createContact, getContactForEdit, updateContact } from "~/domain/customers/contact-records.server";
import { searchContacts } from "~/domain/customers/contact-queries.server";
import { OwnedByAnotherRecordError } from "~/domain/customers/customer-errors";
import { companyFormSchema, contactFormSchema } from "~/domain/customers/customer-schemas";
import { customerKeyFigures } from "~/domain/customers/key-figures.server";
import { DomainError } from "~/domain/errors";
import { db } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { aCompany, aContact, aCustomerTicket, aMessage } from "../support/customers-factories.ts";
import { aGroup, aUser } from "../support/factories.ts";

function form(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) data.append(name, item);
  return data;
}

function companyInput(fields: Record<string, string | string[]>) {
  const parsed = parseForm(form({ sector: "commerce", ...fields }), companyFormSchema);
  if (!parsed.ok) throw new Error(`invalid company form: ${JSON.stringify(parsed.fieldErrors)}`);
  return parsed.data;
}

function contactInput(fields: Record<string, string | string[]>) {
  const parsed = parseForm(form({ language: "fr", portalAccess: "on", ...fields }), contactFormSchema);
  if (!parsed.ok) throw new Error(`invalid contact form: ${JSON.stringify(parsed.fieldErrors)}`);
  return parsed.data;
}

describe("company and contact forms", () => {
  it.each([
    ["an empty name", companyFormSchema, { sector: "commerce" }, { name: "validation.required" }],
    ["an unknown sector", companyFormSchema, { name: "X", sector: "banque" }, { sector: "validation.choose" }],
    [
      "bad domains, each on its own line",
      companyFormSchema,
      { name: "X", sector: "services", domains: ["exemple.fr", "pas un domaine", "gmail.com", "https://www.Exemple.fr/"] },
      { "domains.1": "customers.validation.domain", "domains.2": "customers.validation.freeMailDomain", "domains.3": "customers.validation.duplicateInList" },
    ],
    ["a French postal code of 4 digits", companyFormSchema, { name: "X", sector: "services", postalCode: "2100" }, { postalCode: "customers.validation.postalCode" }],
    ["a phone with letters", companyFormSchema, { name: "X", sector: "services", phone: "02 AB" }, { phone: "customers.validation.phone" }],
    ["a website that is not one", companyFormSchema, { name: "X", sector: "services", website: "pas de site" }, { website: "customers.validation.website" }],
    ["neither address nor phone", contactFormSchema, { firstName: "Marie", lastName: "Dupont" }, { "emails.0": "customers.validation.emailOrPhone" }],
    ["neither name nor address", contactFormSchema, { phone: "0612345678" }, { lastName: "customers.validation.nameOrEmail" }],
    ["a bad second address", contactFormSchema, { lastName: "D", emails: ["ok@exemple.fr", "pas-une-adresse"] }, { "emails.1": "validation.email" }],
    ["the same address twice", contactFormSchema, { lastName: "D", emails: ["ok@exemple.fr", "OK@exemple.fr "] }, { "emails.1": "customers.validation.duplicateInList" }],
    ["an opt-in without its basis", contactFormSchema, { lastName: "D", emails: ["ok@exemple.fr"], consentState: "opt_in" }, { consentBasis: "consent.staff.basisRequired" }],
    ["a consent state staff may not record", contactFormSchema, { lastName: "D", emails: ["ok@exemple.fr"], consentState: "bounced" }, { consentState: "validation.choose" }],
    ["a manager without company", contactFormSchema, { lastName: "D", emails: ["ok@exemple.fr"], companyManager: "on" }, { companyManager: "customers.validation.managerNeedsCompany" }],
  ] as const)("refuses %s, field by field", (_label, schema, fields, expected) => {
    const parsed = parseForm(form(fields as Record<string, string | string[]>), schema);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.fieldErrors).toEqual(expected);
      // What was typed comes back to fill the form again (a single repeated input comes back as text).
      const typed = Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, Array.isArray(value) && value.length === 1 ? value[0] : value]));
      expect(parsed.values).toEqual(typed);
    }
  });

  it("normalises what it accepts: domains, website, primary address", () => {
    expect(companyInput({ name: " Garage Perrin ", domains: ["https://www.Garage-Perrin.fr/", ""], website: "garage-perrin.fr", country: "" })).toMatchObject({
      name: "Garage Perrin",
      domains: ["garage-perrin.fr"],
      website: "https://garage-perrin.fr",
      country: "FR",
      size: null,
      ownerId: null,
    });
    expect(contactInput({ lastName: "Dupont", emails: ["", "A@exemple.fr", "b@exemple.fr"], primaryEmail: "2" }).emails).toEqual([
      { address: "a@exemple.fr", isPrimary: false, formIndex: 1 },
      { address: "b@exemple.fr", isPrimary: true, formIndex: 2 },
    ]);
    // A primary radio left on an emptied line falls back to the first address.
    expect(contactInput({ lastName: "Dupont", emails: ["a@exemple.fr", ""], primaryEmail: "1" }).emails).toEqual([{ address: "a@exemple.fr", isPrimary: true, formIndex: 0 }]);
  });
});

describe("companies", () => {
  it("creates a company with several domains and an owner from sales", async () => {
    const sales = await aUser({ role: "sales", name: "Thomas Ventes" });
    const { id } = await createCompany(companyInput({ name: "Imprimerie du Vercors", domains: ["imprimerie-vercors.test", "vercors-print.test"], ownerId: sales.id, city: "Villard-de-Lans" }), sales.id);
    const company = await db().company.findUniqueOrThrow({ where: { id }, include: { domains: true } });
    expect(company).toMatchObject({ name: "Imprimerie du Vercors", ownerId: sales.id, city: "Villard-de-Lans", sector: "commerce" });
    expect(company.domains.map((row) => row.domain).sort()).toEqual(["imprimerie-vercors.test", "vercors-print.test"]);
    expect(await db().auditLog.count({ where: { action: "company.created", entityId: id } })).toBe(1);
    expect((await listCompanyOwners()).map((owner) => owner.id)).toContain(sales.id);
  });

  it("refuses a domain another company owns, names that company, and saves nothing", async () => {
    const owner = await aCompany({ name: "Garage Perrin Automobiles", domains: ["garage-perrin-conflit.test"] });
    const before = await db().company.count();
    const attempt = createCompany(companyInput({ name: "Garage Perrin", domains: ["perrin-neuf.test", "garage-perrin-conflit.test"] }), null);
    await expect(attempt).rejects.toBeInstanceOf(OwnedByAnotherRecordError);
    await attempt.catch((error: OwnedByAnotherRecordError) => {
      expect(error.code).toBe("customers.conflict.domainOwned");
      expect(error.field).toBe("domains.1");
      expect(error.owner).toEqual({ kind: "company", id: owner.id, name: "Garage Perrin Automobiles" });
    });
    expect(await db().company.count()).toBe(before);
    expect(await db().companyDomain.count({ where: { domain: "perrin-neuf.test" } })).toBe(0);
  });

  it("edits domains and fields in one go, refuses a stale form and a non-sales owner", async () => {
    const company = await aCompany({ name: "Caves Bonnet", domains: ["caves-bonnet.test", "old-bonnet.test"] });
    const loaded = await db().company.findUniqueOrThrow({ where: { id: company.id } });
    await updateCompany(company.id, companyInput({ name: "Caves Bonnet & Fils", domains: ["caves-bonnet.test", "bonnet-fils.test"], version: loaded.updatedAt.toISOString() }), null);
    const after = await db().company.findUniqueOrThrow({ where: { id: company.id }, include: { domains: true } });
    expect(after.name).toBe("Caves Bonnet & Fils");
    expect(after.domains.map((row) => row.domain).sort()).toEqual(["bonnet-fils.test", "caves-bonnet.test"]);

    await expect(updateCompany(company.id, companyInput({ name: "Ancienne version", version: loaded.updatedAt.toISOString() }), null)).rejects.toMatchObject({ code: "validation.staleRecord" });
    const tech = await aUser({ role: "technician" });
    await expect(updateCompany(company.id, companyInput({ name: "Caves Bonnet & Fils", ownerId: tech.id }), null)).rejects.toMatchObject({ code: "customers.validation.ownerNotSales", field: "ownerId" });
    expect((await db().company.findUniqueOrThrow({ where: { id: company.id } })).name).toBe("Caves Bonnet & Fils");
  });

  it("lists with filters and pages", async () => {
    const admin = await aUser({ role: "admin" });
    const viewer = { id: admin.id, role: "admin", restrictToGroups: false };
    for (let i = 0; i < 7; i++) await aCompany({ name: `Filtre Boulangerie ${i}`, sector: i % 2 ? "commerce" : "industry", city: i < 3 ? "Dijon" : "Lyon" });
    const firstPage = await searchCompanies(viewer, { query: "Filtre Boulangerie" }, 1, 3);
    expect(firstPage).toMatchObject({ total: 7, page: 1, pageCount: 3 });
    expect(firstPage.companies.map((c) => c.name)).toEqual(["Filtre Boulangerie 0", "Filtre Boulangerie 1", "Filtre Boulangerie 2"]);
    expect((await searchCompanies(viewer, { query: "Filtre Boulangerie" }, 99, 3)).page).toBe(3);
    expect((await searchCompanies(viewer, { query: "Filtre", city: "Dijon", sector: "commerce" }, 1, 10)).companies.map((c) => c.name)).toEqual(["Filtre Boulangerie 1"]);
  });
});

describe("contacts", () => {
  it("creates a contact with two addresses, exactly one primary, and the consent proof", async () => {
    const company = await aCompany();
    const { id } = await createContact(
      contactInput({
        firstName: "Hélène",
        lastName: "Faure",
        emails: [`helene.${Date.now()}@pharma.test`, `compta.${Date.now()}@pharma.test`],
        primaryEmail: "1",
        companyId: company.id,
        consentState: "opt_in",
        consentBasis: "Salon Pharmagora, 14/03/2025",
        companyManager: "on",
      }),
      null,
    );
    const contact = await db().contact.findUniqueOrThrow({ where: { id }, include: { emails: true } });
    expect(contact.emails.filter((email) => email.isPrimary).map((email) => email.address)).toEqual([expect.stringMatching(/^compta\./)]);
    expect(contact).toMatchObject({ companyId: company.id, companyManager: true, portalAccess: true });
    // The consent is the primary address's, written through changeConsent (audited, with its history line).
    const primary = contact.emails.find((email) => email.isPrimary)!.address;
    expect(await db().marketingConsent.findUniqueOrThrow({ where: { address: primary } })).toMatchObject({ contactId: id, state: "opt_in", source: "manual", basis: "Salon Pharmagora, 14/03/2025" });
    expect(await db().auditLog.count({ where: { action: "consent.changed", entityId: id } })).toBe(1);
    expect(await db().marketingConsent.count({ where: { address: contact.emails.find((email) => !email.isPrimary)!.address } })).toBe(0);

    // Saved again without a consent state: nothing changes; then the person's request to stop, recorded.
    const addresses = contact.emails.map((email) => email.address);
    let loaded = (await getContactForEdit(id))!;
    await updateContact(id, contactInput({ firstName: "Hélène", lastName: "Faure", emails: addresses, primaryEmail: String(addresses.indexOf(primary)), companyId: company.id, companyManager: "on", version: loaded.version }), null);
    expect((await db().marketingConsent.findUniqueOrThrow({ where: { address: primary } })).state).toBe("opt_in");
    loaded = (await getContactForEdit(id))!;
    await updateContact(id, contactInput({ firstName: "Hélène", lastName: "Faure", emails: addresses, primaryEmail: String(addresses.indexOf(primary)), companyId: company.id, companyManager: "on", consentState: "unsubscribed", version: loaded.version }), null);
    expect((await db().marketingConsent.findUniqueOrThrow({ where: { address: primary } })).state).toBe("unsubscribed");
    expect((await db().marketingConsentChange.findMany({ where: { address: primary }, orderBy: { at: "asc" } })).map((line) => line.state)).toEqual(["opt_in", "unsubscribed"]);
  });

  it("refuses an address another contact has, names them, and saves nothing", async () => {
    const owner = await aContact({ firstName: "Marie", lastName: "Dupont", emails: [`marie.conflit.${Date.now()}@exemple.test`] });
    const taken = (await db().contactEmail.findFirstOrThrow({ where: { contactId: owner.id } })).address;
    const before = { contacts: await db().contact.count(), emails: await db().contactEmail.count() };
    const attempt = createContact(contactInput({ lastName: "Nouveau", emails: [`nouveau.${Date.now()}@exemple.test`, taken.toUpperCase()] }), null);
    await expect(attempt).rejects.toMatchObject({ code: "customers.conflict.emailOwned", field: "emails.1", owner: { kind: "contact", id: owner.id, name: "Marie Dupont" } });
    expect({ contacts: await db().contact.count(), emails: await db().contactEmail.count() }).toEqual(before);

    // Editing: the rename in the same form is not half-saved either.
    const other = await aContact({ firstName: "Paul", lastName: "Avant" });
    const loaded = await getContactForEdit(other.id);
    await expect(
      updateContact(other.id, contactInput({ firstName: "Paul", lastName: "Après", emails: [loaded!.emails[0].address, taken], version: loaded!.version }), null),
    ).rejects.toBeInstanceOf(OwnedByAnotherRecordError);
    expect((await db().contact.findUniqueOrThrow({ where: { id: other.id } })).lastName).toBe("Avant");
  });

  it("edits addresses (keeping what it knows about kept ones), switches the primary; the removed address keeps its consent", async () => {
    const contact = await aContact({ emails: [`un.${Date.now()}@exemple.test`, `deux.${Date.now()}@exemple.test`], marketingConsent: true });
    const [first, second] = await db().contactEmail.findMany({ where: { contactId: contact.id }, orderBy: { isPrimary: "desc" } });
    await db().contactEmail.update({ where: { id: second.id }, data: { bouncedAt: new Date("2025-01-01T00:00:00Z") } });
    const loaded = (await getContactForEdit(contact.id))!;
    await updateContact(
      contact.id,
      contactInput({ firstName: loaded.firstName, lastName: loaded.lastName, emails: [second.address, `trois.${Date.now()}@exemple.test`], primaryEmail: "1", version: loaded.version }),
      null,
    );
    const emails = await db().contactEmail.findMany({ where: { contactId: contact.id } });
    expect(emails.map((email) => email.address)).not.toContain(first.address);
    expect(emails.find((email) => email.address === second.address)).toMatchObject({ isPrimary: false, bouncedAt: new Date("2025-01-01T00:00:00Z") });
    expect(emails.filter((email) => email.isPrimary).map((email) => email.address)).toEqual([expect.stringMatching(/^trois\./)]);
    // Consent belongs to the address: the removed one keeps its state (a re-import finds it), the new primary has none.
    expect((await db().marketingConsent.findUniqueOrThrow({ where: { address: first.address } })).state).toBe("opt_in");
    expect(await db().marketingConsent.count({ where: { address: { startsWith: "trois." } } })).toBe(0);
  });

  it("refuses an unknown company and a stale form", async () => {
    const contact = await aContact();
    const loaded = (await getContactForEdit(contact.id))!;
    await expect(updateContact(contact.id, contactInput({ lastName: "X", phone: "0612345678", companyId: "absente" }), null)).rejects.toMatchObject({
      code: "customers.validation.companyMissing",
      field: "companyId",
    });
    await updateContact(contact.id, contactInput({ lastName: "Premier", emails: [loaded.emails[0].address], version: loaded.version }), null);
    await expect(updateContact(contact.id, contactInput({ lastName: "Second", emails: [loaded.emails[0].address], version: loaded.version }), null)).rejects.toBeInstanceOf(DomainError);
    expect((await db().contact.findUniqueOrThrow({ where: { id: contact.id } })).lastName).toBe("Premier");
  });

  it("searches by name words, address, company and consent", async () => {
    const admin = await aUser({ role: "admin" });
    const viewer = { id: admin.id, role: "admin", restrictToGroups: false };
    const company = await aCompany({ name: "Recherche Garage" });
    await aContact({ firstName: "Ginette", lastName: "Recherche", emails: ["ginette.recherche@orange.test"], companyId: company.id, marketingConsent: true });
    await aContact({ firstName: "Gaston", lastName: "Recherche", emails: ["gaston.r@orange.test"], phone: "06 98 76 54 32" });
    expect((await searchContacts(viewer, { query: "ginette recherche" })).contacts.map((c) => c.firstName)).toEqual(["Ginette"]);
    expect((await searchContacts(viewer, { query: "gaston.r@" })).contacts.map((c) => c.firstName)).toEqual(["Gaston"]);
    expect((await searchContacts(viewer, { query: "Recherche", consent: "yes" })).contacts.map((c) => c.firstName)).toEqual(["Ginette"]);
    expect((await searchContacts(viewer, { query: "Recherche", companyName: "garage" })).contacts.map((c) => c.firstName)).toEqual(["Ginette"]);
    expect((await searchContacts(viewer, { companyId: company.id })).contacts).toHaveLength(1);
  });
});

describe("key figures", () => {
  it("counts open and recent tickets, the mean first response and the last exchange, as the viewer may see them", async () => {
    const now = new Date("2025-06-30T12:00:00Z");
    const hours = (n: number) => n * 60 * 60 * 1000;
    const days = (n: number) => n * 24 * hours(1);
    const field = await aGroup("Terrain (chiffres)");
    const office = await aGroup("Bureau (chiffres)");
    const admin = await aUser({ role: "admin" });
    const tech = await aUser({ role: "technician", groupIds: [field.id], restrictToGroups: true });
    const company = await aCompany();
    const marie = await aContact({ companyId: company.id });
    const paul = await aContact({ companyId: company.id });

    const recentOpen = await aCustomerTicket(marie, { groupId: field.id, status: "open", createdAt: new Date(now.getTime() - days(2)), firstRespondedAt: new Date(now.getTime() - days(2) + hours(1)) });
    await aCustomerTicket(marie, { groupId: office.id, status: "pending_customer", createdAt: new Date(now.getTime() - days(10)), firstRespondedAt: new Date(now.getTime() - days(10) + hours(3)) });
    await aCustomerTicket(marie, { groupId: office.id, status: "closed", createdAt: new Date(now.getTime() - days(200)) });
    await aCustomerTicket(paul, { groupId: field.id, status: "solved", createdAt: new Date(now.getTime() - days(100)), firstRespondedAt: new Date(now.getTime() - days(100) + hours(5)) });
    await aMessage(recentOpen.id, { at: new Date(now.getTime() - hours(5)), authorUserId: admin.id });
    await aMessage(recentOpen.id, { at: new Date(now.getTime() - hours(1)), visibility: "internal", authorUserId: admin.id });

    const adminView = { id: admin.id, role: "admin", restrictToGroups: false };
    expect(await customerKeyFigures(adminView, { contactId: marie.id }, now)).toEqual({
      openTickets: 2,
      ticketsLast90Days: 2,
      averageFirstResponseMinutes: 120,
      respondedTickets: 2,
      lastContactAt: new Date(now.getTime() - hours(5)),
    });
    expect(await customerKeyFigures(adminView, { companyId: company.id }, now)).toMatchObject({ openTickets: 2, ticketsLast90Days: 2, averageFirstResponseMinutes: 180, respondedTickets: 3 });
    expect(await customerKeyFigures({ id: tech.id, role: "technician", restrictToGroups: true }, { companyId: company.id }, now)).toMatchObject({
      openTickets: 1,
      ticketsLast90Days: 1,
      averageFirstResponseMinutes: 180,
      respondedTickets: 2,
    });
    const empty = await aContact();
    expect(await customerKeyFigures(adminView, { contactId: empty.id }, now)).toEqual({
      openTickets: 0,
      ticketsLast90Days: 0,
      averageFirstResponseMinutes: null,
      respondedTickets: 0,
      lastContactAt: null,
    });
  });
});
