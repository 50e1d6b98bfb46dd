import { describe, expect, it } from "vitest";
import { parseIsoDate } from "~/domain/helpdesk/sla/business-calendar";
import {
  agendaWeek,
  cancelIntervention,
  getIntervention,
  InterventionOverlapError,
  loadInterventionsPanel,
  planIntervention,
  rescheduleIntervention,
  writeInterventionReport,
} from "~/domain/helpdesk/interventions.server";
import { DomainError } from "~/domain/errors";
import { db } from "~/lib/db.server";
import { aGroup, aUser } from "../support/factories.ts";
import { aCompany, aTicketAt } from "../support/planning-factories.ts";
import { watchEvents } from "../support/events.ts";

const at = (text: string) => new Date(text);

async function setting() {
  const planner = await aUser({ role: "technician", name: "Julien Moreau" });
  const technician = await aUser({ role: "technician", name: "Sophie Lefèvre" });
  const company = await aCompany({ name: "Menuiserie Roux", street: "4 chemin des Saules", postalCode: "38000", city: "Grenoble" });
  const ticket = await aTicketAt(at("2026-11-23T09:00:00+01:00"), { companyId: company.id, subject: "Imprimante de l'atelier hors service" });
  return { planner, technician, company, ticket };
}

const slot = (date: string, startTime: string, endTime: string) => ({ date, startTime, endTime });

describe("planning interventions", () => {
  it("plans an on-site intervention at the company's address, in Paris time, and records it in the history", async () => {
    const { planner, technician, ticket } = await setting();
    const recorded = await watchEvents();
    const { id } = await planIntervention({ ticketId: ticket.ticketId, technicianId: technician.id, kind: "onsite", ...slot("2026-11-24", "09:00", "11:30"), notes: "Badge à l'accueil", actorId: planner.id });
    const heard = (await recorded.read("intervention.changed")).map(({ payload }) => `${payload.change} ${payload.technicianId}`);

    const intervention = await db().intervention.findUniqueOrThrow({ where: { id } });
    expect(intervention).toMatchObject({
      ticketId: ticket.ticketId,
      technicianId: technician.id,
      plannedById: planner.id,
      kind: "onsite",
      status: "planned",
      startsAt: at("2026-11-24T09:00:00+01:00"),
      endsAt: at("2026-11-24T11:30:00+01:00"),
      address: "4 chemin des Saules, 38000 Grenoble",
      notes: "Badge à l'accueil",
    });
    expect(heard).toEqual([`planned ${technician.id}`]);
    const event = await db().ticketEvent.findFirstOrThrow({ where: { ticketId: ticket.ticketId, kind: "intervention_planned" } });
    expect(event.actorId).toBe(planner.id);
    expect(JSON.parse(event.data)).toMatchObject({ interventionId: id, technicianName: "Sophie Lefèvre", kind: "onsite" });

    // Summer time: a July slot is at +02:00. A remote intervention has no address.
    const summer = await planIntervention({ ticketId: ticket.ticketId, technicianId: technician.id, kind: "remote", ...slot("2026-07-15", "14:00", "15:00"), address: "4 chemin des Saules", actorId: planner.id });
    expect(await db().intervention.findUniqueOrThrow({ where: { id: summer.id } })).toMatchObject({ startsAt: at("2026-07-15T14:00:00+02:00"), address: "" });
  });

  it("refuses a slot overlapping the technician's other interventions, with what it clashes with", async () => {
    const { planner, technician, ticket } = await setting();
    const other = await aTicketAt(at("2026-11-23T10:00:00+01:00"));
    const otherNumber = (await db().ticket.findUniqueOrThrow({ where: { id: other.ticketId } })).number;
    await planIntervention({ ticketId: other.ticketId, technicianId: technician.id, kind: "remote", ...slot("2026-11-25", "10:00", "12:00"), actorId: planner.id });

    const attempt = planIntervention({ ticketId: ticket.ticketId, technicianId: technician.id, kind: "onsite", ...slot("2026-11-25", "11:00", "13:00"), actorId: planner.id });
    await expect(attempt).rejects.toBeInstanceOf(InterventionOverlapError);
    const error = (await attempt.catch((caught: unknown) => caught)) as InterventionOverlapError;
    expect(error.code).toBe("planning.intervention.overlap");
    expect(error.field).toBe("startTime");
    expect(error.clash).toEqual({ technicianName: "Sophie Lefèvre", startsAt: at("2026-11-25T10:00:00+01:00"), endsAt: at("2026-11-25T12:00:00+01:00"), ticketNumber: otherNumber });
    expect(await db().intervention.count({ where: { ticketId: ticket.ticketId } })).toBe(0);

    // Back to back is fine, and so is another technician at the same time.
    await planIntervention({ ticketId: ticket.ticketId, technicianId: technician.id, kind: "onsite", ...slot("2026-11-25", "12:00", "13:00"), actorId: planner.id });
    await planIntervention({ ticketId: ticket.ticketId, technicianId: planner.id, kind: "onsite", ...slot("2026-11-25", "11:00", "13:00"), actorId: planner.id });
    expect(await db().intervention.count({ where: { ticketId: ticket.ticketId } })).toBe(2);
  });

  it("refuses bad input: end before start, non-technicians, on-site without address, closed tickets", async () => {
    const { planner, technician, ticket } = await setting();
    const sales = await aUser({ role: "sales" });
    const base = { ticketId: ticket.ticketId, technicianId: technician.id, kind: "onsite" as const, actorId: planner.id };
    await expect(planIntervention({ ...base, ...slot("2026-11-26", "11:00", "10:00") })).rejects.toMatchObject({ code: "planning.validation.endAfterStart", field: "endTime" });
    await expect(planIntervention({ ...base, ...slot("2026-02-30", "09:00", "10:00") })).rejects.toMatchObject({ code: "planning.validation.date", field: "date" });
    await expect(planIntervention({ ...base, technicianId: sales.id, ...slot("2026-11-26", "09:00", "10:00") })).rejects.toMatchObject({
      code: "planning.intervention.technicianInvalid",
      field: "technicianId",
    });
    const noAddress = await aTicketAt(at("2026-11-23T09:00:00+01:00"));
    await expect(planIntervention({ ...base, ticketId: noAddress.ticketId, ...slot("2026-11-26", "09:00", "10:00") })).rejects.toMatchObject({
      code: "planning.validation.addressRequired",
      field: "address",
    });
    await db().ticket.update({ where: { id: ticket.ticketId }, data: { status: "closed" } });
    await expect(planIntervention({ ...base, ...slot("2026-11-26", "09:00", "10:00") })).rejects.toMatchObject({ code: "planning.intervention.ticketClosed" });
    expect(await db().intervention.count()).toBe(await db().intervention.count({ where: { ticketId: { not: ticket.ticketId } } }));
  });

  it("reschedules (still refusing overlaps) and cancels; a cancelled slot frees the technician", async () => {
    const { planner, technician, ticket } = await setting();
    const first = await planIntervention({ ticketId: ticket.ticketId, technicianId: technician.id, kind: "remote", ...slot("2026-11-27", "09:00", "10:00"), actorId: planner.id });
    const second = await planIntervention({ ticketId: ticket.ticketId, technicianId: technician.id, kind: "remote", ...slot("2026-11-27", "14:00", "15:00"), actorId: planner.id });

    await expect(rescheduleIntervention({ interventionId: second.id, technicianId: technician.id, ...slot("2026-11-27", "09:30", "10:30"), actorId: planner.id })).rejects.toBeInstanceOf(InterventionOverlapError);
    // Moving an intervention within its own slot is not an overlap with itself.
    await rescheduleIntervention({ interventionId: second.id, technicianId: technician.id, ...slot("2026-11-27", "14:30", "15:30"), actorId: planner.id });
    expect(await db().intervention.findUniqueOrThrow({ where: { id: second.id } })).toMatchObject({ startsAt: at("2026-11-27T14:30:00+01:00") });

    await cancelIntervention({ interventionId: first.id, actorId: planner.id, reason: "Client absent" });
    await rescheduleIntervention({ interventionId: second.id, technicianId: technician.id, ...slot("2026-11-27", "09:30", "10:30"), actorId: planner.id });
    await expect(cancelIntervention({ interventionId: first.id, actorId: planner.id })).rejects.toMatchObject({ code: "planning.intervention.alreadyCancelled" });

    const kinds = await db().ticketEvent.findMany({ where: { ticketId: ticket.ticketId, kind: { startsWith: "intervention" } }, orderBy: { createdAt: "asc" }, select: { kind: true, data: true } });
    expect(kinds.map((event) => event.kind)).toEqual(["intervention_planned", "intervention_planned", "intervention_rescheduled", "intervention_cancelled", "intervention_rescheduled"]);
    expect(JSON.parse(kinds[3].data)).toMatchObject({ interventionId: first.id, reason: "Client absent" });
  });

  it("posts the report into the thread as an internal note linked to the intervention, and marks it done", async () => {
    const { planner, technician, ticket } = await setting();
    const { id } = await planIntervention({ ticketId: ticket.ticketId, technicianId: technician.id, kind: "onsite", ...slot("2026-11-24", "14:00", "16:00"), actorId: planner.id });
    const recorded = await watchEvents();
    const { messageId } = await writeInterventionReport({ interventionId: id, report: "Rouleau de fusion remplacé, 50 pages de test OK.", actorId: technician.id, now: at("2026-11-24T16:05:00+01:00") });
    const heard = (await recorded.read("message.added", "intervention.changed")).map((event) =>
      event.name === "message.added" ? `message ${event.payload.visibility}` : `intervention ${event.payload.change}`,
    );

    expect(await db().intervention.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "done",
      report: "Rouleau de fusion remplacé, 50 pages de test OK.",
      reportedAt: at("2026-11-24T16:05:00+01:00"),
    });
    const message = await db().message.findUniqueOrThrow({ where: { id: messageId } });
    expect(message).toMatchObject({ ticketId: ticket.ticketId, interventionId: id, visibility: "internal", direction: "out", authorUserId: technician.id });
    expect(message.bodyText).toBe("Compte rendu d'intervention (Sur site, 24 nov. 2026, 14:00–16:00, Sophie Lefèvre)\n\nRouleau de fusion remplacé, 50 pages de test OK.");
    expect(heard).toEqual(["message internal", "intervention reported"]);
    const thread = await db().message.findMany({ where: { ticketId: ticket.ticketId }, orderBy: { createdAt: "asc" }, select: { id: true } });
    expect(thread.map((entry) => entry.id)).toContain(messageId);
    expect(await db().ticketEvent.count({ where: { ticketId: ticket.ticketId, kind: "intervention_reported" } })).toBe(1);
    // An internal note is not a first response: the SLA still waits for a public answer.
    expect((await db().ticket.findUniqueOrThrow({ where: { id: ticket.ticketId } })).firstRespondedAt).toBeNull();

    await expect(writeInterventionReport({ interventionId: id, report: "Encore", actorId: technician.id })).rejects.toMatchObject({ code: "planning.intervention.alreadyReported" });
    await expect(writeInterventionReport({ interventionId: id, report: "   ", actorId: technician.id })).rejects.toBeInstanceOf(DomainError);

    const english = await planIntervention({ ticketId: ticket.ticketId, technicianId: technician.id, kind: "remote", ...slot("2026-11-24", "17:00", "17:30"), actorId: planner.id });
    const note = await writeInterventionReport({ interventionId: english.id, report: "Done.", actorId: technician.id, locale: "en" });
    expect((await db().message.findUniqueOrThrow({ where: { id: note.messageId } })).bodyText).toBe("Intervention report (Remote, 24 Nov 2026, 17:00–17:30, Sophie Lefèvre)\n\nDone.");
  });
});

describe("reading interventions", () => {
  it("loads the ticket panel with technicians and the default address", async () => {
    const { planner, technician, ticket } = await setting();
    await aUser({ role: "sales", name: "Pas technicien" });
    await planIntervention({ ticketId: ticket.ticketId, technicianId: technician.id, kind: "onsite", ...slot("2026-11-30", "09:00", "10:00"), actorId: planner.id });
    const panel = await loadInterventionsPanel(ticket.ticketId);
    expect(panel?.defaultAddress).toBe("4 chemin des Saules, 38000 Grenoble");
    expect(panel?.canPlan).toBe(true);
    expect(panel?.interventions).toHaveLength(1);
    expect(panel?.interventions[0]).toMatchObject({ kind: "onsite", status: "planned", technician: { id: technician.id, name: "Sophie Lefèvre" }, plannedBy: { name: "Julien Moreau" }, reportMessageId: null });
    expect(panel?.technicians.map((entry) => entry.name)).toContain("Sophie Lefèvre");
    expect(panel?.technicians.map((entry) => entry.name)).not.toContain("Pas technicien");
    expect(await loadInterventionsPanel("missing")).toBeNull();
  });

  it("builds a technician's week and hides the details of tickets the viewer may not see", async () => {
    const { planner, technician, ticket } = await setting();
    const field = await aGroup("Terrain (test agenda)");
    const hidden = await aTicketAt(at("2026-11-23T09:00:00+01:00"), { subject: "Dossier confidentiel" });
    await db().ticket.update({ where: { id: ticket.ticketId }, data: { groupId: field.id } });
    await planIntervention({ ticketId: ticket.ticketId, technicianId: technician.id, kind: "onsite", ...slot("2026-12-01", "09:00", "10:00"), actorId: planner.id });
    await planIntervention({ ticketId: hidden.ticketId, technicianId: technician.id, kind: "remote", ...slot("2026-12-02", "15:00", "16:00"), actorId: planner.id });
    const cancelled = await planIntervention({ ticketId: ticket.ticketId, technicianId: technician.id, kind: "remote", ...slot("2026-12-03", "09:00", "10:00"), actorId: planner.id });
    await cancelIntervention({ interventionId: cancelled.id, actorId: planner.id });
    await planIntervention({ ticketId: ticket.ticketId, technicianId: technician.id, kind: "remote", ...slot("2026-12-07", "09:00", "10:00"), actorId: planner.id });

    const restricted = await aUser({ role: "technician", groupIds: [field.id], restrictToGroups: true });
    const week = await agendaWeek({ technicianId: technician.id, monday: parseIsoDate("2026-11-30")!, viewer: { id: restricted.id, role: "technician", restrictToGroups: true } });
    expect(week.map((entry) => [entry.startsAt.toISOString(), entry.visible, entry.ticket?.subject ?? null])).toEqual([
      [at("2026-12-01T09:00:00+01:00").toISOString(), true, "Imprimante de l'atelier hors service"],
      [at("2026-12-02T15:00:00+01:00").toISOString(), false, null],
    ]);
    const everything = await agendaWeek({ technicianId: technician.id, monday: parseIsoDate("2026-11-30")!, viewer: { id: planner.id, role: "technician", restrictToGroups: false } });
    expect(everything.every((entry) => entry.visible)).toBe(true);

    const visibleOne = week[0];
    expect(await getIntervention(visibleOne.id, { id: restricted.id, role: "technician", restrictToGroups: true })).toMatchObject({ ticket: { subject: "Imprimante de l'atelier hors service" } });
    expect(await getIntervention(week[1].id, { id: restricted.id, role: "technician", restrictToGroups: true })).toBeNull();
  });
});
