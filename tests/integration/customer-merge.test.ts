import { describe, expect, it } from "vitest";
import { companyDuplicateSuggestions, contactDuplicateSuggestions, duplicateRefreshesSettled } from "~/domain/customers/duplicate-suggestions.server";
import { companyFieldsToFill, contactFieldsToFill, dismissDuplicate, mergeCompanies, mergeContacts, mergePreview } from "~/domain/customers/merge.server";
import { DomainError } from "~/domain/errors";
import { loadTicketWorkspace } from "~/domain/helpdesk/ticket-workspace.server";
import { db } from "~/lib/db.server";
import { aCompany, aContact, aCustomerTicket, aMessage } from "../support/customers-factories.ts";
import { watchEvents } from "../support/events.ts";
import { aUser } from "../support/factories.ts";

const DAY = 24 * 60 * 60 * 1000;

async function totals() {
  const [tickets, emails, messages, contacts, companies, domains, ratings, portalLinks, portalSessions] = await Promise.all([
    db().ticket.count(),
    db().contactEmail.count(),
    db().message.count(),
    db().contact.count(),
    db().company.count(),
    db().companyDomain.count(),
    db().satisfactionRating.count(),
    db().portalLoginLink.count(),
    db().portalSession.count(),
  ]);
  return { tickets, emails, messages, contacts, companies, domains, ratings, portalLinks, portalSessions };
}

/** Two records of the same person: Marie as the agents know her, and the one her second address created. */
async function marieTwice() {
  const agent = await aUser({ role: "technician" });
  const company = await aCompany({ name: "Boulangerie Fusion", domains: [`fusion-${Date.now()}.test`] });
  const kept = await aContact({ firstName: "Marie", lastName: "Dupont", companyId: company.id, emails: [`marie.${Date.now()}@fusion.test`] });
  const merged = await db().contact.create({
    data: {
      firstName: "",
      lastName: "DUPONT",
      jobTitle: "Gérante",
      phone: "06 12 34 56 78",
      emails: {
        create: [
          { address: `m.dupont.${Date.now()}@gmail.com`, isPrimary: true, bouncedAt: new Date("2025-02-01T00:00:00Z") },
          { address: `boutique.${Date.now()}@orange.fr`, isPrimary: false },
        ],
      },
    },
    select: { id: true },
  });
  const keptTicket = await aCustomerTicket(kept, { createdAt: new Date(Date.now() - 3 * DAY) });
  const mergedTickets = [
    await aCustomerTicket(merged, { createdAt: new Date(Date.now() - 2 * DAY) }),
    await aCustomerTicket(merged, { createdAt: new Date(Date.now() - DAY), status: "solved" }),
  ];
  await aMessage(mergedTickets[0].id, { at: new Date(), authorUserId: agent.id });
  await aMessage(keptTicket.id, { at: new Date(), authorContactId: merged.id, bodyText: "Réponse depuis mon autre adresse" });
  await db().satisfactionRating.create({ data: { ticketId: mergedTickets[1].id, contactId: merged.id, rating: "good" } });
  await db().portalLoginLink.create({ data: { tokenHash: `link-${Date.now()}`, contactId: merged.id, email: "x@gmail.com", expiresAt: new Date(Date.now() + DAY) } });
  await db().portalSession.create({ data: { tokenHash: `session-${Date.now()}`, contactId: merged.id, expiresAt: new Date(Date.now() + DAY) } });
  return { agent, company, kept, merged, keptTicket, mergedTickets };
}

describe("merging contacts", () => {
  it("moves everything to the kept contact, loses nothing, fills its gaps and records the merge", async () => {
    const { agent, company, kept, merged, keptTicket, mergedTickets } = await marieTwice();
    const before = await totals();
    const versionsBefore = await db().ticket.findMany({ where: { id: { in: mergedTickets.map((t) => t.id) } }, select: { id: true, version: true } });
    const recorded = await watchEvents();

    const result = await mergeContacts({ keepId: kept.id, mergeId: merged.id, actorId: agent.id });
    const events = (await recorded.read("customers.merged", "ticket.updated")).map((event) =>
      event.name === "customers.merged" ? `merged:${event.payload.kind}:${event.payload.ticketIds.length}` : `ticket:${event.payload.changes.join(",")}`,
    );

    expect(await totals()).toEqual({ ...before, contacts: before.contacts - 1 });
    expect(await db().contact.findUnique({ where: { id: merged.id } })).toBeNull();
    const after = await db().contact.findUniqueOrThrow({ where: { id: kept.id }, include: { emails: true, requestedTickets: true, authoredMessages: true, ratings: true, portalLinks: true, portalSessions: true } });
    expect(after.requestedTickets.map((t) => t.id).sort()).toEqual([keptTicket.id, ...mergedTickets.map((t) => t.id)].sort());
    expect(after.emails).toHaveLength(3);
    expect(after.emails.filter((email) => email.isPrimary)).toHaveLength(1);
    expect(after.emails.find((email) => email.isPrimary)!.address).toMatch(/^marie\./);
    expect(after.emails.find((email) => email.address.includes("gmail"))!.bouncedAt).toEqual(new Date("2025-02-01T00:00:00Z"));
    expect(after.authoredMessages.length).toBe(4); // three first messages + the reply written from the other address
    expect(after.ratings).toHaveLength(1);
    expect(after.portalLinks).toHaveLength(1);
    expect(after.portalSessions).toHaveLength(1);
    // Empty fields filled, existing ones kept (consent follows each address: tests/integration/consent-merge.test.ts).
    expect(after).toMatchObject({ firstName: "Marie", lastName: "Dupont", jobTitle: "Gérante", phone: "06 12 34 56 78", companyId: company.id });
    // Tickets the other record opened without a company now belong to Marie's company; their version moved on.
    const moved = await db().ticket.findMany({ where: { id: { in: mergedTickets.map((t) => t.id) } }, select: { id: true, companyId: true, version: true, events: { select: { kind: true, actorId: true } } } });
    for (const ticket of moved) {
      expect(ticket.companyId).toBe(company.id);
      expect(ticket.version).toBe(versionsBefore.find((t) => t.id === ticket.id)!.version + 1);
      expect(ticket.events).toContainEqual({ kind: "requester", actorId: agent.id });
    }
    // The ticket's history names both records, though the merged one no longer exists.
    const history = (await loadTicketWorkspace(agent, mergedTickets[0].number))!.history;
    expect(history.find((entry) => entry.kind === "requester")).toMatchObject({
      actorName: agent.name,
      data: { from: merged.id, to: kept.id, reason: "contact_merge" },
      names: { [merged.id]: "DUPONT", [kept.id]: "Marie Dupont" },
    });

    expect(result.moved).toMatchObject({ tickets: 2, messages: 3, ratings: 1, portalLinks: 1, portalSessions: 1 });
    expect(result.filled.sort()).toEqual(["jobTitle", "phone"].sort());
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "contact.merged", entityId: kept.id } });
    expect(audit.actorId).toBe(agent.id);
    const details = JSON.parse(audit.details);
    expect(details.merged).toEqual({ id: merged.id, name: "DUPONT" });
    expect(details.moved.emails).toHaveLength(2);
    expect(details.moved.ticketNumbers.sort()).toEqual(mergedTickets.map((t) => t.number).sort());
    expect(events).toEqual(["merged:contact:2", "ticket:requester", "ticket:requester"]);
  });

  it("changes nothing when the merge fails half-way", async () => {
    const { kept, merged } = await marieTwice();
    const before = await totals();
    const mergedTicketsBefore = await db().ticket.count({ where: { requesterId: merged.id } });
    // The very last write of the merge (its audit entry) fails: everything before it must roll back.
    await db().$executeRawUnsafe(
      "CREATE TRIGGER refuse_merge_audit BEFORE INSERT ON AuditLog WHEN NEW.action = 'contact.merged' BEGIN SELECT RAISE(ABORT, 'audit unavailable'); END;",
    );
    try {
      await expect(mergeContacts({ keepId: kept.id, mergeId: merged.id, actorId: null })).rejects.toThrow();
    } finally {
      await db().$executeRawUnsafe("DROP TRIGGER refuse_merge_audit");
    }
    expect(await totals()).toEqual(before);
    expect(await db().ticket.count({ where: { requesterId: merged.id } })).toBe(mergedTicketsBefore);
    expect(await db().contactEmail.count({ where: { contactId: merged.id } })).toBe(2);
  });

  it("refuses to merge a record with itself or with a record that is gone", async () => {
    const contact = await aContact();
    await expect(mergeContacts({ keepId: contact.id, mergeId: contact.id, actorId: null })).rejects.toMatchObject({ code: "customers.merge.sameRecord" });
    await expect(mergeContacts({ keepId: contact.id, mergeId: "nexistepas", actorId: null })).rejects.toBeInstanceOf(DomainError);
    expect(await db().contact.findUnique({ where: { id: contact.id } })).not.toBeNull();
  });
});

describe("merging companies", () => {
  it("moves tickets, contacts, domains and SLA policies, appends notes, and records it", async () => {
    const admin = await aUser({ role: "admin" });
    const kept = await aCompany({ name: "Transports Garnier", domains: ["transports-garnier-fusion.test"], notes: "Client depuis 2019." });
    const merged = await aCompany({ name: "Transport Garnier SARL", domains: ["garnier-logistique.test", "tg-fusion.test"], phone: "+33 2 40 52 71 08", notes: "Entrepôt à Saint-Herblain." });
    const people = [await aContact({ companyId: merged.id }), await aContact({ companyId: merged.id })];
    const keptPerson = await aContact({ companyId: kept.id });
    const tickets = [await aCustomerTicket(people[0]), await aCustomerTicket(people[1]), await aCustomerTicket(keptPerson)];
    await db().slaPolicy.createMany({
      data: [
        { name: "Garnier urgent", priority: "urgent", companyId: kept.id, firstResponseMinutes: 30, resolutionMinutes: 240 },
        { name: "Garnier SARL urgent", priority: "urgent", companyId: merged.id, firstResponseMinutes: 60, resolutionMinutes: 480 },
        { name: "Garnier SARL haute", priority: "high", companyId: merged.id, firstResponseMinutes: 120, resolutionMinutes: 960 },
      ],
    });
    const before = await totals();

    const result = await mergeCompanies({ keepId: kept.id, mergeId: merged.id, actorId: admin.id });

    expect(await totals()).toEqual({ ...before, companies: before.companies - 1 });
    const after = await db().company.findUniqueOrThrow({ where: { id: kept.id }, include: { domains: true, contacts: true, tickets: true, slaPolicies: true } });
    expect(after.domains.map((row) => row.domain).sort()).toEqual(["garnier-logistique.test", "tg-fusion.test", "transports-garnier-fusion.test"]);
    expect(after.contacts).toHaveLength(3);
    expect(after.tickets.map((t) => t.id).sort()).toEqual(tickets.map((t) => t.id).sort());
    expect(after.slaPolicies.map((p) => `${p.priority}:${p.name}`).sort()).toEqual(["high:Garnier SARL haute", "urgent:Garnier urgent"]);
    expect(after.phone).toBe("+33 2 40 52 71 08");
    expect(after.name).toBe("Transports Garnier");
    expect(after.notes).toBe("Client depuis 2019.\n\n— Transport Garnier SARL —\nEntrepôt à Saint-Herblain.");
    expect(result.moved).toMatchObject({ tickets: 2, contacts: 2, slaPolicies: 1 });
    expect(result.moved.slaPoliciesDropped).toEqual([{ name: "Garnier SARL urgent", priority: "urgent", firstResponseMinutes: 60, resolutionMinutes: 480 }]);
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "company.merged", entityId: kept.id } });
    expect(JSON.parse(audit.details)).toMatchObject({ merged: { id: merged.id, name: "Transport Garnier SARL" }, moved: { tickets: 2, contacts: 2 } });
  });
});

describe("filling the kept record", () => {
  const contact = {
    firstName: "",
    lastName: "Dupont",
    jobTitle: "",
    phone: "",
    companyId: null,
    companyManager: false,
    portalPasswordHash: null,
  };
  it.each([
    ["an empty first name", { firstName: "" }, { firstName: "Marie" }, { firstName: "Marie" }],
    ["a name that is there stays", { lastName: "Dupont" }, { lastName: "DUPONT-MARTIN" }, {}],
    ["a company, and the manager flag of that company", {}, { companyId: "c1", companyManager: true }, { companyId: "c1", companyManager: true }],
    ["no manager flag for another company", { companyId: "c2" }, { companyId: "c1", companyManager: true }, {}],
    ["a portal password the kept record lacks", {}, { portalPasswordHash: "hash" }, { portalPasswordHash: "hash" }],
  ])("%s", (_label, keptOverrides, mergedOverrides, expected) => {
    expect(contactFieldsToFill({ ...contact, ...keptOverrides }, { ...contact, ...mergedOverrides }).data).toEqual(expected);
  });

  it("takes a company's address as a block and only custom fields it lacks", () => {
    const company = { name: "A", size: null, street: "", postalCode: "", city: "", country: "FR", phone: "", website: "", notes: "", customFields: '{"siret":"1"}', ownerId: null };
    const { data, filled } = companyFieldsToFill(company, {
      ...company,
      name: "B",
      street: "3 place du Marché",
      postalCode: "21000",
      city: "Dijon",
      size: "1-9",
      customFields: '{"siret":"2","naf":"1071C"}',
    });
    expect(data).toEqual({ size: "1-9", street: "3 place du Marché", postalCode: "21000", city: "Dijon", country: "FR", customFields: '{"siret":"1","naf":"1071C"}' });
    expect(filled.sort()).toEqual(["address", "customFields", "size"]);
  });
});

describe("duplicate suggestions", () => {
  it("on a base where matching is slow, answers with the previous pairs (without merged records) while new ones are computed", async () => {
    const stamp = Date.now();
    const agent = await aUser({ role: "technician" });
    const pairOf = (x: string, y: string) => [x, y].sort().join("|");
    const keysOf = (result: Awaited<ReturnType<typeof contactDuplicateSuggestions>>) => result.pairs.map((pair) => `${pair.firstId}|${pair.secondId}`);
    const e = await aContact({ firstName: "Émile", lastName: `Stale${stamp}`, phone: "06 11 22 33 44", emails: [`emile.${stamp}@a.test`] });
    const f = await aContact({ firstName: "Emile", lastName: `STALE${stamp}`, phone: "+33 6 11 22 33 44", emails: [`e.stale.${stamp}@b.test`] });
    const fresh = await contactDuplicateSuggestions();
    expect(fresh.refreshing).toBe(false);
    expect(keysOf(fresh)).toContain(pairOf(e.id, f.id));

    // A new pair appears and the old one is merged; matching counts as slow (threshold below 0).
    const g = await aContact({ firstName: "Gaëlle", lastName: `Later${stamp}`, phone: "06 99 88 77 66", emails: [`gaelle.${stamp}@a.test`] });
    const h = await aContact({ firstName: "Gaelle", lastName: `LATER${stamp}`, phone: "+33 6 99 88 77 66", emails: [`g.later.${stamp}@b.test`] });
    await mergeContacts({ keepId: e.id, mergeId: f.id, actorId: agent.id });
    const stale = await contactDuplicateSuggestions(50, { staleAfterMs: -1 });
    expect(stale.refreshing).toBe(true);
    expect(keysOf(stale)).not.toContain(pairOf(e.id, f.id)); // f is gone: its pair is not shown
    expect(keysOf(stale)).not.toContain(pairOf(g.id, h.id)); // not computed yet

    await duplicateRefreshesSettled();
    const refreshed = await contactDuplicateSuggestions(50, { staleAfterMs: -1 });
    expect(refreshed.refreshing).toBe(false);
    expect(keysOf(refreshed)).toContain(pairOf(g.id, h.id));
  });

  it("suggests a pair until it is merged or dismissed", async () => {
    const stamp = Date.now();
    const company = await aCompany({ name: `Pharmacie Doublon ${stamp}` });
    const a = await aContact({ firstName: "Hélène", lastName: "Faure", companyId: company.id, emails: [`helene.${stamp}@pharma.test`] });
    const b = await aContact({ firstName: "helene", lastName: "FAURE", companyId: company.id, emails: [`h.faure.${stamp}@pharma.test`] });
    const c = await aContact({ firstName: "Luc", lastName: "Morel", phone: "06 55 44 33 22", emails: [`luc.${stamp}@x.test`] });
    const d = await aContact({ firstName: "L.", lastName: "Morel", phone: "+33 6 55 44 33 22", emails: [`lm.${stamp}@y.test`] });
    const pairOf = (x: string, y: string) => [x, y].sort().join("|");

    let suggestions = await contactDuplicateSuggestions();
    const keys = suggestions.pairs.map((pair) => `${pair.firstId}|${pair.secondId}`);
    expect(keys).toContain(pairOf(a.id, b.id));
    expect(keys).toContain(pairOf(c.id, d.id));
    const faure = suggestions.pairs.find((pair) => `${pair.firstId}|${pair.secondId}` === pairOf(a.id, b.id))!;
    expect(faure.reasons).toEqual([{ kind: "same_name_company", value: "faure helene" }]);
    expect([faure.first.name, faure.second.name].sort()).toEqual(["Hélène Faure", "helene FAURE"]);
    expect(faure.first.company?.name).toBe(company.name);

    const agent = await aUser({ role: "technician" });
    await dismissDuplicate({ kind: "contact", firstId: d.id, secondId: c.id, actorId: agent.id });
    await dismissDuplicate({ kind: "contact", firstId: c.id, secondId: d.id, actorId: agent.id }); // twice is fine
    await mergeContacts({ keepId: a.id, mergeId: b.id, actorId: agent.id });
    suggestions = await contactDuplicateSuggestions();
    const remaining = suggestions.pairs.map((pair) => `${pair.firstId}|${pair.secondId}`);
    expect(remaining).not.toContain(pairOf(a.id, b.id));
    expect(remaining).not.toContain(pairOf(c.id, d.id));
    expect(await db().duplicateDismissal.count({ where: { kind: "contact", firstId: pairOf(c.id, d.id).split("|")[0] } })).toBe(1);
    expect(await db().auditLog.count({ where: { action: "duplicate.dismissed", actorId: agent.id } })).toBe(2);
  });

  it("suggests companies with a similar name or a shared domain, and previews a merge", async () => {
    const stamp = Date.now();
    const a = await aCompany({ name: `Menuiserie Aubert ${stamp}`, domains: [`aubert-${stamp}.test`] });
    const b = await aCompany({ name: `Menuiserie Aubret ${stamp} SARL`, domains: [] });
    const c = await aCompany({ name: `Ateliers ${stamp}`, domains: [], website: `https://www.aubert-${stamp}.test/` });
    const suggestions = await companyDuplicateSuggestions();
    const find = (x: string, y: string) => suggestions.pairs.find((pair) => `${pair.firstId}|${pair.secondId}` === [x, y].sort().join("|"));
    expect(find(a.id, b.id)?.reasons.map((r) => r.kind)).toEqual(["similar_name"]);
    expect(find(a.id, c.id)?.reasons).toEqual([{ kind: "same_domain", value: `aubert-${stamp}.test` }]);

    const admin = await aUser({ role: "admin" });
    const preview = await mergePreview({ id: admin.id, role: "admin", restrictToGroups: false }, "company", a.id, b.id);
    expect(preview?.records.map((record) => record.name)).toEqual([a.name, b.name]);
    expect(await mergePreview({ id: admin.id, role: "admin", restrictToGroups: false }, "company", a.id, "absent")).toBeNull();
  });
});
