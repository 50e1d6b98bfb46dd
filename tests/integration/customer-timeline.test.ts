import { beforeAll, describe, expect, it } from "vitest";
import { customerTimeline, type TimelineEntry, timelineKinds } from "~/domain/customers/timeline.server";
import { encodeCursor } from "~/domain/customers/timeline/timeline-entry";
import type { TicketViewer } from "~/domain/helpdesk/ticket-access.server";
import { db } from "~/lib/db.server";
import { aCompany, aContact, aCustomerTicket, aMessage, anIntervention } from "../support/customers-factories.ts";
import { aGroup, aUser } from "../support/factories.ts";

const at = (iso: string) => new Date(`${iso}Z`);
const viewerOf = (user: { id: string; role: string; restrictToGroups: boolean }): TicketViewer => ({ id: user.id, role: user.role, restrictToGroups: user.restrictToGroups });

/** Walks every page of a timeline and returns all its entries. */
async function allPages(viewer: TicketViewer, options: Parameters<typeof customerTimeline>[1]) {
  const entries: TimelineEntry[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const page = await customerTimeline(viewer, { ...options, cursor });
    entries.push(...page.entries);
    if (!page.nextCursor) return entries;
    cursor = page.nextCursor;
  }
  throw new Error("the timeline never ended");
}

describe("customer timeline", () => {
  let admin: TicketViewer;
  let fieldTech: TicketViewer;
  let marketing: TicketViewer;
  let company: { id: string };
  let marie: { id: string };
  let paul: { id: string };
  let fieldTicket: { id: string; number: number };
  let officeTicket: { id: string; number: number };
  let paulTicket: { id: string; number: number };
  let doneInterventionId: string;
  let plannedInterventionId: string;

  beforeAll(async () => {
    const field = await aGroup("Terrain (timeline)");
    const office = await aGroup("Bureau (timeline)");
    const adminUser = await aUser({ role: "admin" });
    const tech = await aUser({ role: "technician", groupIds: [field.id], restrictToGroups: true, name: "Sophie Terrain" });
    const marketer = await aUser({ role: "marketing" });
    admin = viewerOf(adminUser);
    fieldTech = viewerOf(tech);
    marketing = viewerOf(marketer);

    company = await aCompany({ name: "Menuiserie Timeline" });
    marie = await aContact({ firstName: "Marie", lastName: "Dupont", companyId: company.id });
    paul = await aContact({ firstName: "Paul", lastName: "Durand", companyId: company.id });
    const stranger = await aContact({ firstName: "Autre", lastName: "Client" });

    fieldTicket = await aCustomerTicket(marie, { groupId: field.id, subject: "Imprimante en panne", createdAt: at("2025-03-01T09:00:00") });
    await aMessage(fieldTicket.id, { at: at("2025-03-01T10:00:00"), authorUserId: adminUser.id, bodyText: "Nous passons demain." });
    await aMessage(fieldTicket.id, { at: at("2025-03-01T10:05:00"), visibility: "internal", authorUserId: adminUser.id, bodyText: "Prévoir le kit E05." });
    doneInterventionId = (await anIntervention(fieldTicket.id, tech.id, { startsAt: at("2025-03-02T08:00:00"), status: "done", report: "Tête d'impression changée." })).id;
    // The report also sits in the thread as a note linked to the intervention: shown once, as the intervention.
    await db().message.create({
      data: { ticketId: fieldTicket.id, direction: "out", visibility: "internal", authorUserId: tech.id, bodyText: "Tête d'impression changée.", interventionId: doneInterventionId, createdAt: at("2025-03-02T10:00:00") },
    });
    plannedInterventionId = (await anIntervention(fieldTicket.id, tech.id, { startsAt: at("2099-01-05T08:00:00") })).id;

    officeTicket = await aCustomerTicket(marie, { groupId: office.id, subject: "Facture en double", createdAt: at("2025-03-03T09:00:00") });
    await aMessage(officeTicket.id, { at: at("2025-03-03T11:00:00"), authorContactId: marie.id, bodyText: "Je vous joins la facture." });

    paulTicket = await aCustomerTicket(paul, { groupId: office.id, subject: "Accès portail", createdAt: at("2025-03-04T09:00:00") });
    // Marie, copied on her colleague's ticket, writes in it.
    await aMessage(paulTicket.id, { at: at("2025-03-04T12:00:00"), authorContactId: marie.id, bodyText: "Je confirme pour Paul." });

    const strangerTicket = await aCustomerTicket(stranger, { subject: "Rien à voir", createdAt: at("2025-03-05T09:00:00") });
    await aMessage(strangerTicket.id, { at: at("2025-03-05T10:00:00"), authorUserId: adminUser.id });
  });

  it("lists a contact's tickets, messages, notes and interventions, newest first", async () => {
    const page = await customerTimeline(admin, { contactId: marie.id, limit: 50 });
    expect(page.nextCursor).toBeNull();
    expect(page.entries.map((entry) => [entry.kind, entry.at.toISOString()])).toEqual([
      ["intervention", "2099-01-05T08:00:00.000Z"],
      ["message", "2025-03-04T12:00:00.000Z"],
      ["message", "2025-03-03T11:00:00.000Z"],
      ["message", "2025-03-03T09:00:00.000Z"],
      ["ticket", "2025-03-03T09:00:00.000Z"],
      ["intervention", "2025-03-02T08:00:00.000Z"],
      ["note", "2025-03-01T10:05:00.000Z"],
      ["message", "2025-03-01T10:00:00.000Z"],
      ["message", "2025-03-01T09:00:00.000Z"],
      ["ticket", "2025-03-01T09:00:00.000Z"],
    ]);
    const ticket = page.entries.find((entry) => entry.kind === "ticket" && entry.id === fieldTicket.id)!;
    expect(ticket).toMatchObject({
      title: `#${fieldTicket.number} · Imprimante en panne`,
      link: `/support/tickets/${fieldTicket.number}`,
      actor: { kind: "contact", id: marie.id, name: "Marie Dupont" },
      meta: { status: "open", channel: "email" },
    });
    const done = page.entries.find((entry) => entry.id === doneInterventionId)!;
    expect(done).toMatchObject({ summary: "Tête d'impression changée.", meta: { status: "done", mode: "onsite" }, actor: { name: "Sophie Terrain" } });
    expect(done.link).toBe(`/support/tickets/${fieldTicket.number}#intervention-${doneInterventionId}`);
    const note = page.entries.find((entry) => entry.kind === "note")!;
    expect(note).toMatchObject({ summary: "Prévoir le kit E05.", link: expect.stringMatching(/#message-/) });
  });

  it("shows a company's whole history, every contact included, and nobody else's", async () => {
    const entries = await allPages(admin, { companyId: company.id, limit: 50 });
    const titles = new Set(entries.map((entry) => entry.title));
    expect(titles).toEqual(new Set([`#${fieldTicket.number} · Imprimante en panne`, `#${officeTicket.number} · Facture en double`, `#${paulTicket.number} · Accès portail`]));
    expect(entries.filter((entry) => entry.kind === "ticket")).toHaveLength(3);
  });

  it("filters by kind", async () => {
    const notesAndInterventions = await customerTimeline(admin, { contactId: marie.id, kinds: ["note", "intervention"], limit: 50 });
    expect(notesAndInterventions.entries.map((entry) => entry.kind)).toEqual(["intervention", "intervention", "note"]);
    const tickets = await customerTimeline(admin, { contactId: marie.id, kinds: ["ticket"], limit: 50 });
    expect(tickets.entries.map((entry) => entry.id)).toEqual([officeTicket.id, fieldTicket.id]);
    expect((await customerTimeline(admin, { contactId: marie.id, kinds: [], limit: 50 })).entries).toHaveLength(10);
  });

  it("pages with a keyset cursor: every entry once, in order, whatever the page size", async () => {
    const everything = (await customerTimeline(admin, { companyId: company.id, limit: 100 })).entries.map((entry) => `${entry.kind}:${entry.id}`);
    for (const limit of [1, 2, 3, 7]) {
      const paged = (await allPages(admin, { companyId: company.id, limit })).map((entry) => `${entry.kind}:${entry.id}`);
      expect(paged, `limit ${limit}`).toEqual(everything);
    }
    const first = await customerTimeline(admin, { companyId: company.id, limit: 4 });
    expect(first.entries).toHaveLength(4);
    expect(first.nextCursor).toEqual(expect.any(String));
  });

  it("keeps entries of the same instant in a stable order across pages", async () => {
    const twins = await aContact({ firstName: "Jumeaux", lastName: "Horaires" });
    const moment = at("2025-04-01T08:00:00");
    const ticket = await aCustomerTicket(twins, { createdAt: moment });
    for (let i = 0; i < 4; i++) await aMessage(ticket.id, { at: moment, visibility: i % 2 ? "internal" : "public", bodyText: `Au même instant ${i}` });
    await anIntervention(ticket.id, fieldTech.id, { startsAt: moment });
    const all = (await customerTimeline(admin, { contactId: twins.id, limit: 100 })).entries.map((entry) => `${entry.kind}:${entry.id}`);
    expect(all).toHaveLength(7);
    expect((await allPages(admin, { contactId: twins.id, limit: 1 })).map((entry) => `${entry.kind}:${entry.id}`)).toEqual(all);
    expect((await allPages(admin, { contactId: twins.id, limit: 2 })).map((entry) => `${entry.kind}:${entry.id}`)).toEqual(all);
  });

  it("shows a technician restricted to their groups only their groups' tickets", async () => {
    const entries = await allPages(fieldTech, { companyId: company.id, limit: 3 });
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) expect(entry.title, `${entry.kind} ${entry.title}`).toContain(`#${fieldTicket.number} `);
    expect(entries.map((entry) => entry.kind).sort()).toEqual(["intervention", "intervention", "message", "message", "note", "ticket"].sort());
    expect(entries.some((entry) => entry.id === plannedInterventionId)).toBe(true);
  });

  it("adds a ticket of another group once it is assigned to the restricted technician", async () => {
    await db().ticket.update({ where: { id: officeTicket.id }, data: { assigneeId: fieldTech.id } });
    try {
      const tickets = await customerTimeline(fieldTech, { contactId: marie.id, kinds: ["ticket"], limit: 10 });
      expect(tickets.entries.map((entry) => entry.id).sort()).toEqual([fieldTicket.id, officeTicket.id].sort());
    } finally {
      await db().ticket.update({ where: { id: officeTicket.id }, data: { assigneeId: null } });
    }
  });

  it("shows nothing from the support to a role without access to tickets", async () => {
    const page = await customerTimeline(marketing, { companyId: company.id, limit: 50 });
    expect(page).toEqual({ entries: [], nextCursor: null });
  });

  it("starts from the newest entry when the cursor is not one of ours, and bounds the page size", async () => {
    const fresh = await customerTimeline(admin, { contactId: marie.id, limit: 3 });
    for (const cursor of ["n'importe quoi", "Zm9v", encodeCursor({ at: new Date(Number.NaN), kind: "ticket", id: "x" })]) {
      expect((await customerTimeline(admin, { contactId: marie.id, limit: 3, cursor })).entries).toEqual(fresh.entries);
    }
    expect((await customerTimeline(admin, { contactId: marie.id, limit: 0 })).entries).toHaveLength(1);
    expect((await customerTimeline(admin, { companyId: company.id, limit: 10_000 })).entries.length).toBeLessThanOrEqual(100);
  });

  it("knows every kind it can show", () => {
    expect(timelineKinds).toEqual(["ticket", "message", "note", "intervention", "deal", "deal_stage", "activity", "visit", "quote", "order", "campaign"]);
  });
});
