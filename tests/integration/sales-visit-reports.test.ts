import { beforeAll, describe, expect, it } from "vitest";
import { customerTimeline } from "~/domain/customers/timeline.server";
import { DomainError } from "~/domain/errors";
import { AppointmentAlreadyReportedError, createTaskFromNextStep, createVisitReport, updateVisitReport, VisitReportConflictError, VisitReportNotFoundError } from "~/domain/sales/visit-report-commands.server";
import { getVisitReportView, visitReportsOnTicket } from "~/domain/sales/visit-report-queries.server";
import { visitReportSchema } from "~/domain/sales/visit-report-schemas";
import { db } from "~/lib/db.server";
import { aCompanyTicket, aCustomer, aDeal, anActivity, aSalesPerson, visitReportForm, type SalesPerson } from "../support/sales-agenda-factories.ts";
import { watchEvents } from "../support/events.ts";

const at = (iso: string) => new Date(iso);

/** Visit reports: one per appointment (which it marks held), next steps made into tasks once, the tickets they discussed. */
describe("visit reports", () => {
  let rep: SalesPerson;
  let otherRep: SalesPerson;
  let manager: SalesPerson;
  let technician: SalesPerson;
  let marketing: SalesPerson;
  let customer: Awaited<ReturnType<typeof aCustomer>>;
  let otherCustomer: Awaited<ReturnType<typeof aCustomer>>;
  let deal: { id: string };
  let ticket: { id: string; number: number };

  beforeAll(async () => {
    rep = await aSalesPerson("sales", "Léa Commerciale");
    otherRep = await aSalesPerson("sales", "Marc Commercial");
    manager = await aSalesPerson("manager");
    technician = await aSalesPerson("technician", "Paul Terrain");
    marketing = await aSalesPerson("marketing");
    customer = await aCustomer("Menuiserie Aubert");
    otherCustomer = await aCustomer("Garage Martin");
    deal = await aDeal({ ownerId: rep.id, companyId: customer.company.id, contactId: customer.contact.id });
    ticket = await aCompanyTicket({ companyId: customer.company.id, requesterId: customer.contact.id, subject: "Scie à panneaux en panne" });
  });

  it("reports an appointment, marks it held, and refuses a second report for it", async () => {
    const appointment = await anActivity({ ownerId: rep.id, kind: "appointment", subject: "Négociation", startsAt: at("2026-12-07T13:00:00Z"), companyId: customer.company.id });
    const recorded = await watchEvents();
    const now = at("2026-12-07T15:00:00Z");
    const { reportId } = await createVisitReport({
      viewer: rep,
      form: visitReportForm({ activityId: appointment.id, companyId: customer.company.id, contactId: customer.contact.id, dealId: deal.id, ticketIds: [ticket.id], date: "2026-12-07", time: "14:00" }),
      now,
    });
    const seen = (await recorded.read("visit_report.saved", "activity.saved")).map((event) =>
      event.name === "visit_report.saved" ? `report:${event.payload.created}:${event.payload.ticketIds.join(",")}` : `activity:${event.payload.change}`,
    );
    const report = await db().visitReport.findUniqueOrThrow({ where: { id: reportId }, include: { tickets: true } });
    expect(report).toMatchObject({ activityId: appointment.id, authorId: rep.id, companyId: customer.company.id, dealId: deal.id });
    expect(report.visitedAt.toISOString()).toBe("2026-12-07T13:00:00.000Z");
    expect(report.tickets.map((link) => link.ticketId)).toEqual([ticket.id]);
    expect(await db().activity.findUniqueOrThrow({ where: { id: appointment.id }, select: { doneAt: true, version: true } })).toEqual({ doneAt: now, version: 2 });
    expect(seen).toEqual([`report:true:${ticket.id}`, "activity:done"]);

    const again = await createVisitReport({ viewer: rep, form: visitReportForm({ activityId: appointment.id, companyId: customer.company.id }) }).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(AppointmentAlreadyReportedError);
    expect((again as AppointmentAlreadyReportedError).reportId).toBe(reportId);
    expect(await db().visitReport.count({ where: { activityId: appointment.id } })).toBe(1);
  });

  it("refuses someone else's appointment, another company's ticket, or a deal with another company", async () => {
    const colleagues = await anActivity({ ownerId: otherRep.id, kind: "appointment", startsAt: at("2026-12-08T09:00:00Z"), companyId: customer.company.id });
    await expect(createVisitReport({ viewer: rep, form: visitReportForm({ activityId: colleagues.id, companyId: customer.company.id }) })).rejects.toMatchObject({ field: "activityId", code: "sales.visit.appointmentNotFound" });
    const foreignTicket = await aCompanyTicket({ companyId: otherCustomer.company.id, requesterId: otherCustomer.contact.id });
    await expect(createVisitReport({ viewer: rep, form: visitReportForm({ companyId: customer.company.id, ticketIds: [foreignTicket.id] }) })).rejects.toMatchObject({ field: "ticketIds", code: "sales.visit.ticketNotFound" });
    await expect(createVisitReport({ viewer: rep, form: visitReportForm({ companyId: otherCustomer.company.id, dealId: deal.id }) })).rejects.toMatchObject({ field: "dealId", code: "sales.links.dealNotInCompany" });
    await expect(createVisitReport({ viewer: technician, form: visitReportForm({ companyId: customer.company.id }) })).rejects.toBeInstanceOf(DomainError);
    expect(await db().visitReport.count({ where: { companyId: otherCustomer.company.id } })).toBe(0);
  });

  it("makes a next step into one task of the author, due in the step's day, however many clicks", async () => {
    const { reportId } = await createVisitReport({
      viewer: rep,
      form: visitReportForm({ companyId: customer.company.id, contactId: customer.contact.id, dealId: deal.id, nextSteps: [{ id: null, text: "Envoyer la proposition", dueDate: "2026-12-15" }, { id: null, text: "Sans date", dueDate: null }] }),
    });
    const steps = await db().visitReportNextStep.findMany({ where: { reportId }, orderBy: { position: "asc" } });
    expect(steps.map((step) => [step.text, step.dueDate?.toISOString() ?? null])).toEqual([
      ["Envoyer la proposition", "2026-12-15T11:00:00.000Z"],
      ["Sans date", null],
    ]);
    // A manager clicks, twice at once and once more: one task, owned by the report's author.
    const clicks = await Promise.all([
      createTaskFromNextStep({ viewer: manager, reportId, stepId: steps[0].id }),
      createTaskFromNextStep({ viewer: manager, reportId, stepId: steps[0].id }),
    ]);
    const third = await createTaskFromNextStep({ viewer: rep, reportId, stepId: steps[0].id });
    const taskIds = new Set([...clicks, third].map((click) => click.taskId));
    expect(taskIds.size).toBe(1);
    expect([...clicks, third].filter((click) => click.created)).toHaveLength(1);
    const task = await db().activity.findUniqueOrThrow({ where: { id: third.taskId } });
    expect(task).toMatchObject({ kind: "task", subject: "Envoyer la proposition", ownerId: rep.id, companyId: customer.company.id, contactId: customer.contact.id, dealId: deal.id, doneAt: null });
    expect(task.startsAt.toISOString()).toBe("2026-12-14T23:00:00.000Z"); // 15 December, in the day
    expect(await db().activity.count({ where: { subject: "Envoyer la proposition" } })).toBe(1);
    expect((await db().visitReportNextStep.findUniqueOrThrow({ where: { id: steps[0].id } })).taskId).toBe(task.id);

    // A step without a date becomes a task for the day it is made.
    const undated = await createTaskFromNextStep({ viewer: rep, reportId, stepId: steps[1].id, now: at("2026-12-09T16:00:00Z") });
    expect((await db().activity.findUniqueOrThrow({ where: { id: undated.taskId } })).startsAt.toISOString()).toBe("2026-12-08T23:00:00.000Z");

    await expect(createTaskFromNextStep({ viewer: otherRep, reportId, stepId: steps[1].id })).rejects.toBeInstanceOf(VisitReportNotFoundError);
    await expect(createTaskFromNextStep({ viewer: technician, reportId, stepId: steps[1].id })).rejects.toBeInstanceOf(VisitReportNotFoundError);
  });

  it("changes a report on its version, keeping the steps already made into tasks", async () => {
    const { reportId } = await createVisitReport({
      viewer: rep,
      form: visitReportForm({ companyId: customer.company.id, nextSteps: [{ id: null, text: "Étape gardée", dueDate: "2026-12-20" }, { id: null, text: "Étape retirée", dueDate: null }] }),
    });
    const [kept, removed] = await db().visitReportNextStep.findMany({ where: { reportId }, orderBy: { position: "asc" } });
    const { taskId } = await createTaskFromNextStep({ viewer: rep, reportId, stepId: kept.id });
    await updateVisitReport({
      viewer: rep,
      reportId,
      version: 1,
      form: visitReportForm({
        companyId: customer.company.id,
        outcome: "Commande probable",
        ticketIds: [ticket.id],
        nextSteps: [{ id: null, text: "Nouvelle étape", dueDate: null }, { id: kept.id, text: "Étape gardée, reformulée", dueDate: "2026-12-21" }],
      }),
    });
    const after = await db().visitReport.findUniqueOrThrow({ where: { id: reportId }, include: { nextSteps: { orderBy: { position: "asc" } }, tickets: true } });
    expect(after).toMatchObject({ outcome: "Commande probable", version: 2 });
    expect(after.nextSteps.map((step) => [step.text, step.taskId])).toEqual([
      ["Nouvelle étape", null],
      ["Étape gardée, reformulée", taskId],
    ]);
    expect(after.nextSteps[1].id).toBe(kept.id);
    expect(await db().visitReportNextStep.count({ where: { id: removed.id } })).toBe(0);
    expect(after.tickets.map((link) => link.ticketId)).toEqual([ticket.id]);

    await expect(updateVisitReport({ viewer: rep, reportId, version: 1, form: visitReportForm({ companyId: customer.company.id }) })).rejects.toBeInstanceOf(VisitReportConflictError);
    await expect(updateVisitReport({ viewer: otherRep, reportId, version: 2, form: visitReportForm({ companyId: customer.company.id }) })).rejects.toBeInstanceOf(VisitReportNotFoundError);
  });

  it("shows on the tickets it discussed to those who read sales records: the author, managers and support", async () => {
    const reports = async (viewer: SalesPerson) => (await visitReportsOnTicket(viewer, ticket.id))?.map((report) => report.author) ?? null;
    expect(await reports(rep)).toEqual(["Léa Commerciale", "Léa Commerciale"]);
    expect(await reports(technician)).toHaveLength(2);
    expect(await reports(manager)).toHaveLength(2);
    expect(await reports(otherRep)).toEqual([]);
    expect(await reports(marketing)).toBeNull();
    const [first] = (await visitReportsOnTicket(technician, ticket.id))!;
    expect(await getVisitReportView(technician, first.id)).toMatchObject({ canChange: false, company: { name: "Menuiserie Aubert" } });
    expect(await getVisitReportView(otherRep, first.id)).toBeNull();
  });

  it("sits next to support's intervention reports on the company's timeline", async () => {
    const { company, contact } = await aCustomer("Imprimerie Roux");
    const supportTicket = await aCompanyTicket({ companyId: company.id, requesterId: contact.id, subject: "Presse arrêtée" });
    await db().intervention.create({
      data: { ticketId: supportTicket.id, technicianId: technician.id, kind: "onsite", startsAt: at("2026-11-20T08:00:00Z"), endsAt: at("2026-11-20T10:00:00Z"), status: "done", report: "Courroie changée", reportedAt: at("2026-11-20T10:05:00Z") },
    });
    await createVisitReport({ viewer: rep, form: visitReportForm({ companyId: company.id, date: "2026-11-25", time: "10:00", objectives: "Proposer un contrat de maintenance", ticketIds: [supportTicket.id] }) });
    const page = await customerTimeline(manager, { companyId: company.id, limit: 20, kinds: ["visit", "intervention"] });
    expect(page.entries.map((entry) => [entry.kind, entry.title])).toEqual([
      ["visit", "Proposer un contrat de maintenance"],
      ["intervention", `#${supportTicket.number} · Presse arrêtée`],
    ]);
    expect(page.entries[0].link).toMatch(/^\/ventes\/comptes-rendus\//);
  });
});

describe("visit report form", () => {
  const base = { date: "2026-12-07", time: "10:00", companyId: "c1", discussion: "Échange" };

  it("reads aligned rows of next steps, skipping empty ones", () => {
    const parsed = visitReportSchema.parse({ ...base, nextStepId: ["s1", "", ""], nextStepText: ["Appeler", "", "Relancer"], nextStepDue: ["2026-12-10", "", ""], ticketIds: ["t1", "t1"] });
    expect(parsed.nextSteps).toEqual([
      { id: "s1", text: "Appeler", dueDate: "2026-12-10" },
      { id: null, text: "Relancer", dueDate: null },
    ]);
    expect(parsed.ticketIds).toEqual(["t1"]);
  });

  it.each([
    [{ nextStepText: ["Appeler", ""], nextStepDue: ["", "2026-12-10"] }, "nextStepText.1", "sales.visit.validation.stepText"],
    [{ nextStepText: ["Appeler"], nextStepDue: ["2026-13-10"] }, "nextStepDue.0", "sales.activity.validation.date"],
    [{ discussion: "" }, "discussion", "sales.visit.validation.empty"],
    [{ companyId: "" }, "companyId", "validation.required"],
    [{ time: "" }, "time", "validation.required"],
  ])("refuses %j on %s", (values, path, message) => {
    const result = visitReportSchema.safeParse({ ...base, ...values });
    expect(result.success).toBe(false);
    expect(result.error?.issues.find((issue) => issue.path.join(".") === path)?.message).toBe(message);
  });
});
