import { beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "~/domain/errors";
import { ActivityConflictError, ActivityNotFoundError, createActivity, deleteActivity, setActivityDone, updateActivity } from "~/domain/sales/activity-commands.server";
import { getActivityView } from "~/domain/sales/activity-queries.server";
import { activitySchema } from "~/domain/sales/activity-schemas";
import { db } from "~/lib/db.server";
import { aCompanyTicket, aCustomer, aDeal, activityForm, aSalesPerson, type SalesPerson } from "../support/sales-agenda-factories.ts";
import { watchEvents } from "../support/events.ts";

/** Activity commands: links checked before writing, owner rules, optimistic locking, the record rule. */
describe("sales activity commands", () => {
  let rep: SalesPerson;
  let otherRep: SalesPerson;
  let manager: SalesPerson;
  let technician: SalesPerson;
  let customer: Awaited<ReturnType<typeof aCustomer>>;
  let otherCustomer: Awaited<ReturnType<typeof aCustomer>>;
  let recorded: Awaited<ReturnType<typeof watchEvents>>;
  const events = async () => (await recorded.read("activity.saved")).map((event) => event.payload);

  beforeAll(async () => {
    rep = await aSalesPerson("sales", "Léa Commerciale");
    otherRep = await aSalesPerson("sales", "Marc Commercial");
    manager = await aSalesPerson("manager", "Nadia Directrice");
    technician = await aSalesPerson("technician");
    customer = await aCustomer("Boulangerie Lemoine");
    otherCustomer = await aCustomer("Garage Martin");
  });

  const listen = async () => {
    recorded = await watchEvents();
  };

  it("logs a call done now on the company of its contact, and announces it after the commit", async () => {
    await listen();
    const now = new Date("2026-12-07T09:37:00Z");
    const { activityId } = await createActivity({
      viewer: rep,
      form: activityForm({ kind: "call", subject: "Appel de découverte", date: "2026-12-07", time: "10:37", contactId: customer.contact.id, done: true }),
      now,
    });
    const activity = await db().activity.findUniqueOrThrow({ where: { id: activityId } });
    expect(activity).toMatchObject({ kind: "call", ownerId: rep.id, companyId: customer.company.id, contactId: customer.contact.id, doneAt: now, createdById: rep.id, version: 1 });
    expect(activity.startsAt.toISOString()).toBe("2026-12-07T09:37:00.000Z");
    expect(await events()).toEqual([{ activityId, ownerId: rep.id, actorId: rep.id, change: "created" }]);
  });

  it("plans an appointment with its slot in Paris time, mode and place", async () => {
    const { activityId } = await createActivity({
      viewer: rep,
      form: activityForm({ kind: "appointment", subject: "Démonstration", date: "2026-06-10", time: "14:00", endTime: "15:30", mode: "onsite", location: "3 rue des Forges, Lyon", companyId: customer.company.id }),
    });
    const activity = await db().activity.findUniqueOrThrow({ where: { id: activityId } });
    expect(activity.startsAt.toISOString()).toBe("2026-06-10T12:00:00.000Z");
    expect(activity.endsAt?.toISOString()).toBe("2026-06-10T13:30:00.000Z");
    expect(activity).toMatchObject({ mode: "onsite", location: "3 rue des Forges, Lyon", doneAt: null });
  });

  it.each([
    ["a contact of another company", () => ({ companyId: customer.company.id, contactId: otherCustomer.contact.id }), "contactId", "sales.links.contactNotInCompany"],
    ["a company that does not exist", () => ({ companyId: "nope" }), "companyId", "sales.links.companyNotFound"],
    ["a ticket that does not exist", () => ({ companyId: customer.company.id, ticketId: "nope" }), "ticketId", "sales.links.ticketNotFound"],
  ] as const)("refuses %s and writes nothing", async (_name, links, field, code) => {
    const before = await db().activity.count();
    const error = await createActivity({ viewer: rep, form: activityForm({ subject: "Refusée", ...links() }) }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ field, code });
    expect(await db().activity.count()).toBe(before);
  });

  it("links a deal only when the viewer may read it and it is with the same company", async () => {
    const colleagueDeal = await aDeal({ ownerId: otherRep.id, companyId: customer.company.id });
    await expect(createActivity({ viewer: rep, form: activityForm({ dealId: colleagueDeal.id }) })).rejects.toMatchObject({ field: "dealId", code: "sales.links.dealNotFound" });
    const ownDeal = await aDeal({ ownerId: rep.id, companyId: customer.company.id });
    await expect(createActivity({ viewer: rep, form: activityForm({ dealId: ownDeal.id, companyId: otherCustomer.company.id }) })).rejects.toMatchObject({ field: "dealId", code: "sales.links.dealNotInCompany" });
    // A deal alone gives its company.
    const { activityId } = await createActivity({ viewer: rep, form: activityForm({ dealId: ownDeal.id }) });
    expect(await db().activity.findUniqueOrThrow({ where: { id: activityId }, select: { companyId: true, dealId: true } })).toEqual({ companyId: customer.company.id, dealId: ownDeal.id });
    // A manager reads every deal.
    await expect(createActivity({ viewer: manager, form: activityForm({ dealId: colleagueDeal.id }) })).resolves.toHaveProperty("activityId");
  });

  it("takes the company and checks the ticket from a ticket", async () => {
    const ticket = await aCompanyTicket({ companyId: customer.company.id, requesterId: customer.contact.id });
    const { activityId } = await createActivity({ viewer: rep, form: activityForm({ ticketId: ticket.id }) });
    expect(await db().activity.findUniqueOrThrow({ where: { id: activityId }, select: { companyId: true, ticketId: true } })).toEqual({ companyId: customer.company.id, ticketId: ticket.id });
    await expect(createActivity({ viewer: rep, form: activityForm({ ticketId: ticket.id, companyId: otherCustomer.company.id }) })).rejects.toMatchObject({ code: "sales.links.ticketNotInCompany" });
  });

  it("lets a rep own only their activities, and a manager give one to a sales person only", async () => {
    await expect(createActivity({ viewer: rep, form: activityForm({ ownerId: otherRep.id }) })).rejects.toMatchObject({ field: "ownerId", code: "sales.links.ownerNotAllowed" });
    await expect(createActivity({ viewer: manager, form: activityForm({ ownerId: technician.id }) })).rejects.toMatchObject({ field: "ownerId", code: "sales.links.ownerNotFound" });
    const { activityId } = await createActivity({ viewer: manager, form: activityForm({ ownerId: rep.id }) });
    expect(await db().activity.findUniqueOrThrow({ where: { id: activityId }, select: { ownerId: true, createdById: true } })).toEqual({ ownerId: rep.id, createdById: manager.id });
    await expect(createActivity({ viewer: technician, form: activityForm({}) })).rejects.toMatchObject({ code: "sales.activity.notAllowed" });
  });

  it("changes an activity on the version it loaded, and refuses a stale one", async () => {
    const { activityId } = await createActivity({ viewer: rep, form: activityForm({ kind: "appointment", date: "2026-12-10", time: "09:00", endTime: "10:00", mode: "remote", companyId: customer.company.id }) });
    await db().activity.update({ where: { id: activityId }, data: { remindedAt: new Date() } });
    await listen();
    const moved = activityForm({ kind: "appointment", subject: "Visio déplacée", date: "2026-12-11", time: "11:00", endTime: "12:00", mode: "remote", companyId: customer.company.id });
    await updateActivity({ viewer: rep, activityId, form: moved, version: 1 });
    const saved = await db().activity.findUniqueOrThrow({ where: { id: activityId } });
    expect(saved).toMatchObject({ subject: "Visio déplacée", version: 2, remindedAt: null });
    expect(saved.startsAt.toISOString()).toBe("2026-12-11T10:00:00.000Z");
    expect(await events()).toEqual([{ activityId, ownerId: rep.id, actorId: rep.id, change: "updated" }]);

    await expect(updateActivity({ viewer: rep, activityId, form: { ...moved, subject: "Trop tard" }, version: 1 })).rejects.toBeInstanceOf(ActivityConflictError);
    expect((await db().activity.findUniqueOrThrow({ where: { id: activityId } })).subject).toBe("Visio déplacée");
    await expect(updateActivity({ viewer: rep, activityId, form: { ...moved, kind: "task" }, version: 2 })).rejects.toMatchObject({ code: "sales.activity.kindFixed" });
  });

  it("keeps another rep's activity out of reach, and lets a manager change it", async () => {
    const { activityId } = await createActivity({ viewer: rep, form: activityForm({ subject: "À moi" }) });
    expect(await getActivityView(otherRep, activityId)).toBeNull();
    await expect(updateActivity({ viewer: otherRep, activityId, form: activityForm({ subject: "Pris" }), version: 1 })).rejects.toBeInstanceOf(ActivityNotFoundError);
    await expect(setActivityDone({ viewer: otherRep, activityId, done: true, version: 1 })).rejects.toBeInstanceOf(ActivityNotFoundError);
    await expect(deleteActivity({ viewer: otherRep, activityId, version: 1 })).rejects.toBeInstanceOf(ActivityNotFoundError);
    await expect(setActivityDone({ viewer: technician, activityId, done: true, version: 1 })).rejects.toBeInstanceOf(ActivityNotFoundError);
    expect(await getActivityView(technician, activityId)).toMatchObject({ subject: "À moi", canChange: false });
    expect(await getActivityView(manager, activityId)).toMatchObject({ canChange: true });
    await updateActivity({ viewer: manager, activityId, form: activityForm({ subject: "Revu par la direction" }), version: 1 });
    expect(await db().activity.findUniqueOrThrow({ where: { id: activityId }, select: { subject: true, ownerId: true } })).toEqual({ subject: "Revu par la direction", ownerId: rep.id });
  });

  it("marks done and reopens once each, and deletes on the current version", async () => {
    const { activityId } = await createActivity({ viewer: rep, form: activityForm({}) });
    const now = new Date("2026-12-07T15:00:00Z");
    expect(await setActivityDone({ viewer: rep, activityId, done: true, version: 1, now })).toEqual({ changed: true });
    expect(await setActivityDone({ viewer: rep, activityId, done: true, version: 1, now })).toEqual({ changed: false });
    expect(await db().activity.findUniqueOrThrow({ where: { id: activityId }, select: { doneAt: true, version: true } })).toEqual({ doneAt: now, version: 2 });
    await expect(setActivityDone({ viewer: rep, activityId, done: false, version: 1 })).rejects.toBeInstanceOf(ActivityConflictError);
    await setActivityDone({ viewer: rep, activityId, done: false, version: 2 });
    expect(await db().activity.findUniqueOrThrow({ where: { id: activityId }, select: { doneAt: true } })).toEqual({ doneAt: null });
    await expect(deleteActivity({ viewer: rep, activityId, version: 2 })).rejects.toBeInstanceOf(ActivityConflictError);
    await deleteActivity({ viewer: rep, activityId, version: 3 });
    expect(await db().activity.count({ where: { id: activityId } })).toBe(0);
  });
});

describe("activity form", () => {
  it.each([
    [{ kind: "call", subject: "Appel", date: "2026-12-07" }, "companyId", "sales.activity.validation.customerRequired"],
    [{ kind: "appointment", subject: "RDV", date: "2026-12-07", time: "10:00", endTime: "09:30", mode: "onsite", companyId: "c" }, "endTime", "sales.activity.validation.endAfterStart"],
    [{ kind: "appointment", subject: "RDV", date: "2026-12-07", time: "07:00", endTime: "19:30", mode: "onsite", companyId: "c" }, "endTime", "sales.activity.validation.tooLong"],
    [{ kind: "appointment", subject: "RDV", date: "2026-12-07", time: "10:00", endTime: "11:00", companyId: "c" }, "mode", "validation.choose"],
    [{ kind: "task", subject: "Tâche", date: "2026-02-30" }, "date", "sales.activity.validation.date"],
    [{ kind: "task", subject: "Tâche", date: "2026-12-07", time: "25:00" }, "time", "sales.activity.validation.time"],
    [{ kind: "task", subject: "", date: "2026-12-07" }, "subject", "validation.required"],
  ])("refuses %j on %s", (values, field, message) => {
    const result = activitySchema.safeParse(values);
    expect(result.success).toBe(false);
    expect(result.error?.issues.find((issue) => issue.path[0] === field)?.message).toBe(message);
  });

  it("reads the done box and empty links", () => {
    const result = activitySchema.parse({ kind: "call", subject: "Appel", date: "2026-12-07", time: "10:00", contactId: "x", companyId: "", done: "on" });
    expect(result).toMatchObject({ done: true, companyId: null, contactId: "x", dealId: null });
  });
});
