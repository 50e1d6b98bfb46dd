import { describe, expect, it } from "vitest";
import type { Prisma } from "~/generated/prisma/client";
import { listCompanyContacts, searchContacts } from "~/domain/customers/contact-queries.server";
import { customerKeyFigures, customerTicketsWhere, type CustomerScope } from "~/domain/customers/key-figures.server";
import { visibleTicketsWhere, type TicketViewer } from "~/domain/helpdesk/ticket-access.server";
import { unresolvedStatuses } from "~/domain/helpdesk/ticket-vocabulary";
import { db } from "~/lib/db.server";
import { aCompany, aContact, aCustomerTicket, aMessage } from "../support/customers-factories.ts";
import { aGroup, aUser } from "../support/factories.ts";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The figures as documented (docs/customers.md), computed the plain way: every visible ticket and message loaded. */
async function referenceFigures(viewer: TicketViewer, scope: CustomerScope, now: Date) {
  const tickets: Prisma.TicketWhereInput = { AND: [await visibleTicketsWhere(viewer), customerTicketsWhere(scope)] };
  const rows = await db().ticket.findMany({ where: tickets, select: { status: true, createdAt: true, firstRespondedAt: true } });
  const responded = rows.filter((row) => row.firstRespondedAt);
  const minutes = responded.reduce((sum, row) => sum + (row.firstRespondedAt!.getTime() - row.createdAt.getTime()) / MINUTE, 0);
  const last = await db().message.findFirst({ where: { visibility: "public", ticket: tickets }, orderBy: { createdAt: "desc" }, select: { createdAt: true } });
  return {
    openTickets: rows.filter((row) => (unresolvedStatuses as readonly string[]).includes(row.status)).length,
    ticketsLast90Days: rows.filter((row) => row.createdAt.getTime() >= now.getTime() - 90 * DAY).length,
    averageFirstResponseMinutes: responded.length > 0 ? Math.round(minutes / responded.length) : null,
    respondedTickets: responded.length,
    lastContactAt: last?.createdAt ?? null,
  };
}

describe("customer key figures over several groups", () => {
  it("sums each group's tickets the viewer may see, to the millisecond, with the last public exchange among them", async () => {
    const now = new Date("2026-03-31T10:00:00.000Z");
    const field = await aGroup("Terrain (figures)");
    const office = await aGroup("Bureau (figures)");
    const billing = await aGroup("Facturation (figures)");
    const admin = await aUser({ role: "admin" });
    const tech = await aUser({ role: "technician", groupIds: [field.id], restrictToGroups: true });
    const marketing = await aUser({ role: "marketing" });
    const company = await aCompany();
    const marie = await aContact({ companyId: company.id });
    const paul = await aContact({ companyId: company.id });

    // Field (the technician's group): open, answered in 1 min; solved, answered in 2 min 0.5 s.
    const fieldOpen = await aCustomerTicket(marie, { groupId: field.id, status: "open", createdAt: new Date(now.getTime() - 3 * DAY), firstRespondedAt: new Date(now.getTime() - 3 * DAY + MINUTE) });
    await aCustomerTicket(paul, { groupId: field.id, status: "solved", createdAt: new Date(now.getTime() - 120 * DAY), firstRespondedAt: new Date(now.getTime() - 120 * DAY + 2 * MINUTE + 500) });
    // Office: not the technician's, except the one assigned to them; created exactly 90 days ago (counts).
    const assigned = await aCustomerTicket(marie, { groupId: office.id, assigneeId: tech.id, status: "on_hold", createdAt: new Date(now.getTime() - 90 * DAY), firstRespondedAt: new Date(now.getTime() - 90 * DAY + 4 * HOUR) });
    const officeNew = await aCustomerTicket(paul, { groupId: office.id, status: "new", createdAt: new Date(now.getTime() - 90 * DAY - 1) });
    // Billing and no group: someone else's.
    await aCustomerTicket(marie, { groupId: billing.id, status: "pending_customer", createdAt: new Date(now.getTime() - 10 * DAY), firstRespondedAt: new Date(now.getTime() - 10 * DAY + 30 * SECOND) });
    await aCustomerTicket(paul, { groupId: null, status: "closed", createdAt: new Date(now.getTime() - 400 * DAY), firstRespondedAt: new Date(now.getTime() - 399 * DAY) });
    // Marie's ticket at no company any more: hers, not the company's.
    await aCustomerTicket(marie, { companyId: null, groupId: field.id, status: "open", createdAt: new Date(now.getTime() - DAY), firstRespondedAt: new Date(now.getTime() - DAY + 3 * MINUTE) });

    // The newest activity is an internal note; the newest public message is on a ticket the technician may not see.
    await aMessage(fieldOpen.id, { at: new Date(now.getTime() - 5 * HOUR), authorContactId: marie.id });
    await aMessage(fieldOpen.id, { at: new Date(now.getTime() - HOUR), visibility: "internal", authorUserId: admin.id });
    await aMessage(assigned.id, { at: new Date(now.getTime() - 4 * HOUR), authorUserId: tech.id });
    await aMessage(officeNew.id, { at: new Date(now.getTime() - 2 * HOUR), authorContactId: paul.id });

    const adminView = { id: admin.id, role: "admin", restrictToGroups: false };
    const techView = { id: tech.id, role: "technician", restrictToGroups: true };
    const marketingView = { id: marketing.id, role: "marketing", restrictToGroups: false };

    expect(await customerKeyFigures(adminView, { companyId: company.id }, now)).toEqual({
      openTickets: 4,
      ticketsLast90Days: 3,
      // 1 min, 2 min 0.5 s, 4 h, 30 s, 1 day: 1,720.5 s + 14,400 s + 86,400 s over 5.
      averageFirstResponseMinutes: Math.round((MINUTE + 2 * MINUTE + 500 + 4 * HOUR + 30 * SECOND + DAY) / MINUTE / 5),
      respondedTickets: 5,
      lastContactAt: new Date(now.getTime() - 2 * HOUR),
    });
    expect(await customerKeyFigures(techView, { companyId: company.id }, now)).toEqual({
      openTickets: 2,
      ticketsLast90Days: 2,
      averageFirstResponseMinutes: Math.round((MINUTE + 2 * MINUTE + 500 + 4 * HOUR) / MINUTE / 3),
      respondedTickets: 3,
      lastContactAt: new Date(now.getTime() - 4 * HOUR),
    });
    expect(await customerKeyFigures(techView, { contactId: marie.id }, now)).toEqual({
      openTickets: 3,
      ticketsLast90Days: 3,
      averageFirstResponseMinutes: Math.round((MINUTE + 4 * HOUR + 3 * MINUTE) / MINUTE / 3),
      respondedTickets: 3,
      lastContactAt: new Date(now.getTime() - 4 * HOUR),
    });
    expect(await customerKeyFigures(marketingView, { companyId: company.id }, now)).toEqual({
      openTickets: 0,
      ticketsLast90Days: 0,
      averageFirstResponseMinutes: null,
      respondedTickets: 0,
      lastContactAt: null,
    });
    for (const viewer of [adminView, techView, marketingView]) {
      for (const scope of [{ companyId: company.id }, { contactId: marie.id }, { contactId: paul.id }]) {
        expect(await customerKeyFigures(viewer, scope, now), `${viewer.role} ${JSON.stringify(scope)}`).toEqual(await referenceFigures(viewer, scope, now));
      }
    }
  });

  it("rounds the mean to the nearest minute from exact durations (1 min and 2 min: 2)", async () => {
    const admin = await aUser({ role: "admin" });
    const contact = await aContact();
    const at = new Date("2026-01-05T08:00:00.123Z");
    await aCustomerTicket(contact, { createdAt: at, firstRespondedAt: new Date(at.getTime() + MINUTE) });
    await aCustomerTicket(contact, { createdAt: at, firstRespondedAt: new Date(at.getTime() + 2 * MINUTE) });
    const figures = await customerKeyFigures({ id: admin.id, role: "admin", restrictToGroups: false }, { contactId: contact.id }, at);
    // (The factory writes each ticket's request as a public message.)
    expect(figures).toEqual({ openTickets: 2, averageFirstResponseMinutes: 2, respondedTickets: 2, ticketsLast90Days: 2, lastContactAt: at });
  });

  it("finds the last public message past many newer tickets that hold only internal notes", async () => {
    const admin = await aUser({ role: "admin" });
    const contact = await aContact();
    const now = new Date("2026-02-01T12:00:00.000Z");
    const old = await aCustomerTicket(contact, { createdAt: new Date(now.getTime() - 30 * DAY) });
    await aMessage(old.id, { at: new Date(now.getTime() - 30 * DAY), authorContactId: contact.id });
    for (let index = 0; index < 30; index++) {
      const ticket = await aCustomerTicket(contact, { createdAt: new Date(now.getTime() - 20 * DAY) });
      await db().message.deleteMany({ where: { ticketId: ticket.id } }); // the factory's public request
      await aMessage(ticket.id, { at: new Date(now.getTime() - (index + 1) * HOUR), visibility: "internal", authorUserId: admin.id });
    }
    const figures = await customerKeyFigures({ id: admin.id, role: "admin", restrictToGroups: false }, { contactId: contact.id }, now);
    expect(figures.lastContactAt).toEqual(new Date(now.getTime() - 30 * DAY));
  });
});

describe("contacts' open tickets", () => {
  it("counts each contact's open tickets the viewer may see, on the company page and in the contacts list", async () => {
    const field = await aGroup("Terrain (comptes)");
    const office = await aGroup("Bureau (comptes)");
    const admin = await aUser({ role: "admin" });
    const tech = await aUser({ role: "technician", groupIds: [field.id], restrictToGroups: true });
    const company = await aCompany({ name: "Comptes Ouverts SARL" });
    const anne = await aContact({ companyId: company.id, firstName: "Anne", lastName: "Comptes" });
    const bruno = await aContact({ companyId: company.id, firstName: "Bruno", lastName: "Comptes" });
    await aCustomerTicket(anne, { groupId: field.id, status: "open" });
    await aCustomerTicket(anne, { groupId: office.id, status: "pending_customer" });
    await aCustomerTicket(anne, { groupId: office.id, assigneeId: tech.id, status: "new" });
    await aCustomerTicket(anne, { groupId: field.id, status: "solved" });
    await aCustomerTicket(bruno, { groupId: office.id, status: "on_hold" });

    const adminView = { id: admin.id, role: "admin", restrictToGroups: false };
    const techView = { id: tech.id, role: "technician", restrictToGroups: true };
    const counts = (rows: Array<{ firstName: string; openTicketCount: number }>) => Object.fromEntries(rows.map((row) => [row.firstName, row.openTicketCount]));
    expect(counts(await listCompanyContacts(adminView, company.id))).toEqual({ Anne: 3, Bruno: 1 });
    expect(counts(await listCompanyContacts(techView, company.id))).toEqual({ Anne: 2, Bruno: 0 });
    expect(counts((await searchContacts(techView, { companyId: company.id })).contacts)).toEqual({ Anne: 2, Bruno: 0 });
    expect(counts((await searchContacts(adminView, { query: "comptes" })).contacts)).toEqual({ Anne: 3, Bruno: 1 });
  });
});
