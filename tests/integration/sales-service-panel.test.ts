import { beforeAll, describe, expect, it } from "vitest";
import { loadCompanySales } from "~/domain/sales/company-sales.server";
import { loadServiceHistory } from "~/domain/sales/service-history.server";
import { db } from "~/lib/db.server";
import { aCompany, aContact } from "../support/customers-factories.ts";
import { aGroup, aUser } from "../support/factories.ts";
import { aQueueTicket } from "../support/helpdesk-factories.ts";
import { viewerOf } from "../support/sales-deals-factories.ts";

/** The service panel: what a rep sees of a customer's tickets before calling them. */
const now = new Date("2026-06-10T12:00:00Z");
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
const daysAgo = (days: number) => hoursAgo(days * 24);

let company: { id: string };
let requesterId: string;
let fieldTeam: { id: string };
let officeTeam: { id: string };

async function ticket(input: Parameters<typeof aQueueTicket>[0]) {
  return aQueueTicket({ requesterId, companyId: company.id, ...input });
}

beforeAll(async () => {
  company = await aCompany({ name: "Imprimerie Marchand" });
  requesterId = (await aContact({ companyId: company.id })).id;
  fieldTeam = await aGroup("Terrain panneau");
  officeTeam = await aGroup("Bureau panneau");
});

describe("service panel", () => {
  it("says nothing alarming about a quiet customer", async () => {
    const quiet = await aCompany({ name: "Calme & Fils" });
    const rep = viewerOf(await aUser({ role: "sales" }));
    const panel = await loadServiceHistory(rep, quiet.id, now);
    expect(panel).toMatchObject({ warning: null, openTickets: { count: 0, tickets: [] }, incidents: { count: 0 }, slaBreaches: { count: 0 }, ratings: [], interventions: [] });
  });

  it("warns about an open urgent incident, with its age, and lists the open tickets most pressing first", async () => {
    const question = await ticket({ subject: "Question sur la facture", priority: "normal", createdAt: daysAgo(1) });
    const urgent = await ticket({ subject: "Presse numérique à l'arrêt", type: "incident", priority: "urgent", groupId: officeTeam.id, createdAt: hoursAgo(3 * 24 + 5) });
    const high = await ticket({ subject: "Livraison abîmée", type: "complaint", priority: "high", groupId: fieldTeam.id, createdAt: daysAgo(6) });
    await ticket({ subject: "Ancien incident réglé", type: "incident", priority: "urgent", status: "solved", createdAt: daysAgo(20) });
    await ticket({ subject: "Vieille réclamation", type: "complaint", priority: "low", status: "closed", createdAt: daysAgo(120) });

    const rep = viewerOf(await aUser({ role: "sales" }));
    const panel = (await loadServiceHistory(rep, company.id, now))!;
    expect(panel.warning).toMatchObject({ ticket: { id: urgent.id, subject: "Presse numérique à l'arrêt" }, age: { unit: "days", value: 3 }, others: 1 });
    expect(panel.openTickets.count).toBe(3);
    expect(panel.openTickets.byPriority).toEqual({ urgent: 1, high: 1, normal: 1 });
    expect(panel.openTickets.tickets.map((row) => row.id)).toEqual([urgent.id, high.id, question.id]);
    expect(panel.incidents.count).toBe(3);
    expect(panel.incidents.tickets.map((row) => row.subject)).toEqual(["Presse numérique à l'arrêt", "Livraison abîmée", "Ancien incident réglé"]);
  });

  it("counts SLA breaches of the last 90 days: late first responses and resolutions, answered or not", async () => {
    const breaches = await aCompany({ name: "Délais SARL" });
    const contact = await aContact({ companyId: breaches.id });
    const make = (input: Parameters<typeof aQueueTicket>[0]) => aQueueTicket({ requesterId: contact.id, companyId: breaches.id, ...input });
    const lateAnswer = await make({ subject: "Réponse tardive", createdAt: daysAgo(10), firstResponseDueAt: daysAgo(9) });
    await db().ticket.update({ where: { id: lateAnswer.id }, data: { firstRespondedAt: daysAgo(8) } });
    const onTime = await make({ subject: "Réponse à l'heure", createdAt: daysAgo(10), firstResponseDueAt: daysAgo(9) });
    await db().ticket.update({ where: { id: onTime.id }, data: { firstRespondedAt: daysAgo(9.5) } });
    await make({ subject: "Toujours sans réponse", createdAt: daysAgo(3), firstResponseDueAt: daysAgo(2) });
    const lateFix = await make({ subject: "Résolution tardive", status: "solved", createdAt: daysAgo(30), resolutionDueAt: daysAgo(25) });
    await db().ticket.update({ where: { id: lateFix.id }, data: { solvedAt: daysAgo(20) } });
    const paused = await make({ subject: "En attente du client", status: "pending_customer", createdAt: daysAgo(30), resolutionDueAt: daysAgo(1) });
    await db().ticket.update({ where: { id: paused.id }, data: { slaPausedSince: daysAgo(5) } });
    await make({ subject: "Hors fenêtre", createdAt: daysAgo(100), firstResponseDueAt: daysAgo(99) });

    const manager = viewerOf(await aUser({ role: "manager" }));
    const panel = (await loadServiceHistory(manager, breaches.id, now))!;
    expect(panel.slaBreaches.count).toBe(3);
    expect(panel.slaBreaches.tickets.map((row) => [row.subject, row.targets])).toEqual([
      ["Toujours sans réponse", ["first_response"]],
      ["Réponse tardive", ["first_response"]],
      ["Résolution tardive", ["resolution"]],
    ]);
  });

  it("shows a technician restricted to their groups only their groups' tickets, warning included", async () => {
    const restricted = viewerOf(await aUser({ role: "technician", groupIds: [fieldTeam.id], restrictToGroups: true }));
    const panel = (await loadServiceHistory(restricted, company.id, now))!;
    expect(panel.openTickets.tickets.map((row) => row.subject)).toEqual(["Livraison abîmée"]);
    expect(panel.warning).toMatchObject({ ticket: { subject: "Livraison abîmée" }, age: { unit: "days", value: 6 }, others: 0 });
    expect(panel.incidents.tickets.map((row) => row.subject)).toEqual(["Livraison abîmée"]);

    const office = viewerOf(await aUser({ role: "technician", groupIds: [officeTeam.id], restrictToGroups: true }));
    expect((await loadServiceHistory(office, company.id, now))!.warning?.ticket.subject).toBe("Presse numérique à l'arrêt");
    const nobody = viewerOf(await aUser({ role: "technician", restrictToGroups: true }));
    expect((await loadServiceHistory(nobody, company.id, now))!.warning).toBeNull();
  });

  it("gives the latest ratings and interventions of visible tickets, and nothing to marketing", async () => {
    const rated = await ticket({ subject: "Imprimante réparée", status: "solved", createdAt: daysAgo(15), groupId: officeTeam.id });
    await db().satisfactionRating.create({ data: { ticketId: rated.id, contactId: requesterId, rating: "bad", comment: "Trop long", createdAt: daysAgo(14) } });
    const technician = await aUser({ role: "technician", name: "Théo Technicien" });
    await db().intervention.create({
      data: { ticketId: rated.id, technicianId: technician.id, kind: "onsite", startsAt: daysAgo(16), endsAt: hoursAgo(16 * 24 - 2), status: "done" },
    });
    const rep = viewerOf(await aUser({ role: "sales" }));
    const panel = (await loadServiceHistory(rep, company.id, now))!;
    expect(panel.ratings).toEqual([{ ticketNumber: rated.number, subject: "Imprimante réparée", rating: "bad", comment: "Trop long", createdAt: daysAgo(14).toISOString() }]);
    expect(panel.interventions).toEqual([expect.objectContaining({ ticketNumber: rated.number, kind: "onsite", status: "done", technicianName: "Théo Technicien" })]);

    const restricted = viewerOf(await aUser({ role: "technician", groupIds: [fieldTeam.id], restrictToGroups: true }));
    expect((await loadServiceHistory(restricted, company.id, now))!.ratings).toEqual([]);

    const marketing = viewerOf(await aUser({ role: "marketing" }));
    expect(await loadServiceHistory(marketing, company.id, now)).toBeNull();
    const section = await loadCompanySales(marketing, company.id, now);
    expect(section).toMatchObject({ deals: null, service: null, canCreateDeal: false, lifecycle: { lifecycleStage: "prospect" } });
  });
});
