import { beforeAll, describe, expect, it } from "vitest";
import type { DomainEvents } from "~/domain/events.server";
import { resolveSlaPolicy } from "~/domain/helpdesk/sla/sla.server";
import { createTicket, updateTicketFields } from "~/domain/helpdesk/tickets.server";
import { contractFormSchema } from "~/domain/sales/contract-schemas";
import { cancelContract, ContractConflictError, contractFor, createContract, listContracts, renewContract, updateContract } from "~/domain/sales/contracts.server";
import { workspaceDayAfter } from "~/domain/sales/document-dates";
import type { SalesViewer } from "~/domain/sales/sales-access";
import { db } from "~/lib/db.server";
import { aCompany, aContact } from "../support/customers-factories.ts";
import { contractInput } from "../support/contract-factories.ts";
import { aUser } from "../support/factories.ts";
import { watchEvents } from "../support/events.ts";

/**
 * Maintenance contracts: their SLA targets hold for the company's tickets while they are in
 * force, their renewal task follows the end date on the owner's agenda, cancellations are dated,
 * explained and audited.
 */

const viewerOf = (user: { id: string; role: string }): SalesViewer => ({ id: user.id, role: user.role, restrictToGroups: false });
let rep: SalesViewer;
let otherRep: SalesViewer;
let manager: SalesViewer;
let technician: SalesViewer;

const day = (offset: number) => workspaceDayAfter(new Date(), offset);

/** What the commands after this call record under `name` (read back from the event stream). */
async function recordedEvents<Name extends keyof DomainEvents>(name: Name): Promise<() => Promise<Array<DomainEvents[Name]>>> {
  const recorded = await watchEvents();
  return async () => (await recorded.read(name)).map((event) => event.payload as DomainEvents[Name]);
}

async function aTicketOf(companyId: string, priority: "urgent" | "high" | "normal" | "low" = "urgent") {
  const contact = await aContact({ companyId });
  const { ticketId } = await createTicket({ requesterId: contact.id, subject: "Serveur à l'arrêt", channel: "phone", priority, openedBy: { contactId: contact.id }, firstMessage: { bodyText: "Plus rien ne marche." } });
  return db().ticket.findUniqueOrThrow({ where: { id: ticketId }, select: { id: true, version: true, slaPolicyId: true, createdAt: true, firstResponseDueAt: true, slaPolicy: { select: { firstResponseMinutes: true, contractId: true } } } });
}

beforeAll(async () => {
  rep = viewerOf(await aUser({ role: "sales", name: "Léa Commerciale" }));
  otherRep = viewerOf(await aUser({ role: "sales" }));
  manager = viewerOf(await aUser({ role: "manager" }));
  technician = viewerOf(await aUser({ role: "technician" }));
});

describe("the contract form", () => {
  it("reads dates, amounts and per-priority SLA targets, with a field error for each mistake", () => {
    const ok = contractFormSchema.safeParse({
      title: "Maintenance", startDate: "2027-01-01", endDate: "2027-12-31", yearlyAmount: "3 900,00", renewal: "tacit", reminderDays: "45",
      urgentSla: "on", urgentFirstResponseHours: "1", urgentFirstResponseMinutes: "30", urgentResolutionHours: "4", highFirstResponseHours: "9",
    });
    expect(ok.success && ok.data).toMatchObject({ yearlyAmountCents: 390_000, renewal: "tacit", reminderDays: 45, sla: { urgent: { firstResponseMinutes: 90, resolutionMinutes: 240 } } });
    expect(ok.success && Object.keys(ok.data.sla)).toEqual(["urgent"]);

    const bad = contractFormSchema.safeParse({
      title: "", startDate: "2027-12-31", endDate: "2027-01-01", yearlyAmount: "-3", renewal: "jamais", reminderDays: "400",
      highSla: "on", highFirstResponseHours: "8", highResolutionHours: "2",
    });
    expect(bad.success).toBe(false);
    const errors = Object.fromEntries((bad.error?.issues ?? []).map((issue) => [issue.path.join("."), issue.message]));
    expect(errors).toMatchObject({
      title: "validation.required",
      endDate: "sales.contract.validation.endAfterStart",
      yearlyAmount: "sales.money.negative",
      renewal: "validation.choose",
      reminderDays: "sales.contract.validation.reminderDays",
      highResolutionHours: "planning.sla.targets.resolutionBeforeResponse",
    });
  });
});

describe("SLA targets of a contract", () => {
  it("give the company's tickets the contract's targets while it is in force, the workspace's after its cancellation", async () => {
    const company = await aCompany({ name: "Transports Rapides", ownerId: rep.id });
    const { contractId } = await createContract(rep, contractInput({ companyId: company.id, sla: { urgent: { firstResponseMinutes: 30, resolutionMinutes: 120 } } }));
    const policy = await db().slaPolicy.findFirstOrThrow({ where: { contractId } });
    expect(policy).toMatchObject({ companyId: company.id, priority: "urgent", firstResponseMinutes: 30, resolutionMinutes: 120 });

    const during = await aTicketOf(company.id);
    expect(during.slaPolicy).toEqual({ firstResponseMinutes: 30, contractId });
    // Priorities the contract says nothing about keep the workspace's targets.
    expect((await aTicketOf(company.id, "normal")).slaPolicyId).toBe("sla_default_normal");

    const cancellations = await recordedEvents("contract.saved");
    await cancelContract(rep, contractId, { version: 1, cancelledAt: day(0), reason: "Le client change de prestataire" });
    expect(await cancellations()).toEqual([{ contractId, companyId: company.id, ownerId: rep.id, actorId: rep.id, change: "cancelled" }]);
    const after = await aTicketOf(company.id);
    expect(after.slaPolicyId).toBe("sla_default_urgent");

    // A ticket opened under the contract keeps its targets until its next change, then follows the rule.
    const ticket = await db().ticket.findUniqueOrThrow({ where: { id: during.id }, select: { version: true } });
    await updateTicketFields({ ticketId: during.id, expectedVersion: ticket.version, actorId: manager.id, changes: { priority: "high" } });
    expect((await db().ticket.findUniqueOrThrow({ where: { id: during.id }, select: { slaPolicyId: true } })).slaPolicyId).toBe("sla_default_high");

    const audit = await db().auditLog.findFirstOrThrow({ where: { entityId: contractId, action: "contract.cancelled" } });
    expect(audit.actorId).toBe(rep.id);
    expect(JSON.parse(audit.details)).toMatchObject({ reason: "Le client change de prestataire", companyId: company.id });
    expect(await db().contract.findUniqueOrThrow({ where: { id: contractId }, select: { status: true, cancellationReason: true } })).toEqual({ status: "cancelled", cancellationReason: "Le client change de prestataire" });
  });

  it("holds only from the start day, to the end day of an explicit renewal, past it for a tacit one, until a future cancellation day", async () => {
    const explicit = await aCompany({ name: "Cabinet Explicite" });
    const tacit = await aCompany({ name: "Cabinet Tacite" });
    const later = await aCompany({ name: "Cabinet Futur" });
    const targets = { urgent: { firstResponseMinutes: 15, resolutionMinutes: 60 } };
    await createContract(rep, contractInput({ companyId: explicit.id, startDate: day(-400), endDate: day(-35), renewal: "explicit", sla: targets }));
    const tacitContract = await createContract(rep, contractInput({ companyId: tacit.id, startDate: day(-400), endDate: day(-35), renewal: "tacit", sla: targets }));
    await createContract(rep, contractInput({ companyId: later.id, startDate: day(10), endDate: day(375), sla: targets }));
    const resolve = (companyId: string, at = new Date()) => db().$transaction((tx) => resolveSlaPolicy(tx, { priority: "urgent", companyId, at }));

    expect((await resolve(explicit.id))?.id).toBe("sla_default_urgent");
    expect((await resolve(explicit.id, day(-40)))?.firstResponseMinutes).toBe(15);
    expect((await resolve(tacit.id))?.firstResponseMinutes).toBe(15);
    expect((await resolve(later.id))?.id).toBe("sla_default_urgent");
    expect((await resolve(later.id, day(11)))?.firstResponseMinutes).toBe(15);

    await cancelContract(rep, tacitContract.contractId, { version: 1, cancelledAt: day(20), reason: "Préavis reçu" });
    expect((await resolve(tacit.id))?.firstResponseMinutes).toBe(15);
    expect((await resolve(tacit.id, day(21)))?.id).toBe("sla_default_urgent");
  });

  it("refuses a priority the company already holds, and takes over a finished contract's", async () => {
    const company = await aCompany({ name: "Imprimerie Martin" });
    await db().slaPolicy.create({ data: { name: "Imprimerie · high", priority: "high", companyId: company.id, firstResponseMinutes: 60, resolutionMinutes: 300 } });
    await expect(createContract(rep, contractInput({ companyId: company.id, sla: { high: { firstResponseMinutes: 30, resolutionMinutes: 120 } } }))).rejects.toMatchObject({ code: "sales.contract.validation.slaCompanyPolicy", field: "highSla" });
    expect(await db().contract.count({ where: { companyId: company.id } })).toBe(0);

    const first = await createContract(rep, contractInput({ companyId: company.id, sla: { urgent: { firstResponseMinutes: 30, resolutionMinutes: 120 } } }));
    await expect(createContract(rep, contractInput({ companyId: company.id, title: "Second contrat", sla: { urgent: { firstResponseMinutes: 20, resolutionMinutes: 90 } } }))).rejects.toMatchObject({ code: "sales.contract.validation.slaOtherContract", field: "urgentSla" });

    await cancelContract(rep, first.contractId, { version: 1, cancelledAt: day(0), reason: "Remplacé" });
    const second = await createContract(rep, contractInput({ companyId: company.id, title: "Nouveau contrat", sla: { urgent: { firstResponseMinutes: 20, resolutionMinutes: 90 } } }));
    const policies = await db().slaPolicy.findMany({ where: { companyId: company.id }, orderBy: { priority: "asc" } });
    expect(policies.map((policy) => [policy.priority, policy.contractId, policy.firstResponseMinutes])).toEqual([["high", null, 60], ["urgent", second.contractId, 20]]);

    // Unticking a priority removes the contract's targets for it.
    const saved = await contractFor(rep, second.contractId);
    await updateContract(rep, second.contractId, contractInput({ companyId: company.id, title: "Nouveau contrat", version: saved!.version, sla: {} }));
    expect(await db().slaPolicy.count({ where: { contractId: second.contractId } })).toBe(0);
  });
});

describe("the renewal task", () => {
  it("lands on the owner's agenda reminderDays before the end, follows the end date, and goes on cancellation", async () => {
    const company = await aCompany({ name: "Hôtel du Parc" });
    const activities = await recordedEvents("activity.saved");
    const endDate = day(200);
    const { contractId } = await createContract(manager, contractInput({ companyId: company.id, ownerId: rep.id, endDate, reminderDays: 45 }));
    const [task] = await db().activity.findMany({ where: { contractId } });
    expect(task).toMatchObject({ kind: "task", ownerId: rep.id, companyId: company.id, doneAt: null, createdById: manager.id, subject: "Renouvellement du contrat « Maintenance Premium » (Hôtel du Parc)" });
    expect(task!.startsAt.toISOString()).toBe(new Date(workspaceDayAfter(new Date(), 155).getTime() + 9 * 3600_000).toISOString());
    expect(await activities()).toEqual([{ activityId: task!.id, ownerId: rep.id, actorId: manager.id, change: "created" }]);

    // The end moves: the same task moves with it.
    await updateContract(rep, contractId, contractInput({ companyId: company.id, endDate: day(230), reminderDays: 45, version: 1 }));
    const moved = await db().activity.findUniqueOrThrow({ where: { id: task!.id } });
    expect(moved.startsAt.getTime()).toBe(workspaceDayAfter(new Date(), 185).getTime() + 9 * 3600_000);
    await expect(updateContract(rep, contractId, contractInput({ companyId: company.id, version: 1 }))).rejects.toBeInstanceOf(ContractConflictError);

    // Once the task is done, renewing plans a new one for the next term.
    await db().activity.update({ where: { id: task!.id }, data: { doneAt: new Date() } });
    const renewed = await renewContract(rep, { contractId, version: 2 });
    expect(renewed.endDate.getTime()).toBeGreaterThan(day(590).getTime());
    const tasks = await db().activity.findMany({ where: { contractId }, orderBy: { startsAt: "asc" } });
    expect(tasks.map((entry) => entry.doneAt === null)).toEqual([false, true]);
    expect(await db().auditLog.count({ where: { entityId: contractId, action: "contract.renewed" } })).toBe(1);

    await cancelContract(rep, contractId, { version: 3, cancelledAt: day(0), reason: "Fermeture" });
    expect((await db().activity.findMany({ where: { contractId } })).map((entry) => entry.id)).toEqual([task!.id]);
    await expect(renewContract(rep, { contractId, version: 4 })).rejects.toMatchObject({ code: "sales.contract.alreadyCancelled" });
  });
});

describe("who sees and changes contracts", () => {
  it("keeps a rep to their own contracts; support reads them all but changes none", async () => {
    const company = await aCompany({ name: "Clinique des Lilas" });
    const { contractId } = await createContract(otherRep, contractInput({ companyId: company.id }));
    expect(await contractFor(rep, contractId)).toBeNull();
    expect((await contractFor(technician, contractId))?.title).toBe("Maintenance Premium");
    await expect(updateContract(rep, contractId, contractInput({ companyId: company.id, version: 1 }))).rejects.toMatchObject({ code: "errors.notFound" });
    await expect(cancelContract(technician, contractId, { version: 1, cancelledAt: day(0), reason: "x" })).rejects.toMatchObject({ code: "errors.notFound" });
    await expect(createContract(rep, contractInput({ companyId: company.id, ownerId: otherRep.id }))).rejects.toMatchObject({ code: "sales.contract.validation.owner" });
    await expect(createContract(rep, contractInput({ companyId: "societe-inconnue" }))).rejects.toMatchObject({ code: "sales.quote.validation.company", field: "companyName" });
    expect((await listContracts(rep, { state: "all", companyId: company.id })).rows).toEqual([]);
    expect((await listContracts(manager, { state: "all", companyId: company.id })).rows.map((row) => row.id)).toEqual([contractId]);
  });

  it("lists the nearest end dates first, filters by state, cancelled ones last", async () => {
    const company = await aCompany({ name: "Liste & Fils" });
    const far = await createContract(rep, contractInput({ companyId: company.id, title: "Loin", endDate: day(300) }));
    const soon = await createContract(rep, contractInput({ companyId: company.id, title: "Bientôt", endDate: day(20) }));
    const gone = await createContract(rep, contractInput({ companyId: company.id, title: "Parti", endDate: day(100) }));
    await cancelContract(rep, gone.contractId, { version: 1, cancelledAt: day(0), reason: "Faillite" });
    const all = await listContracts(rep, { state: "all", companyId: company.id });
    expect(all.rows.map((row) => [row.title, row.state])).toEqual([["Bientôt", "to_renew"], ["Loin", "active"], ["Parti", "cancelled"]]);
    expect((await listContracts(rep, { state: "to_renew", companyId: company.id })).rows.map((row) => row.id)).toEqual([soon.contractId]);
    expect((await listContracts(rep, { state: "active", companyId: company.id })).rows.map((row) => row.id)).toEqual([far.contractId]);
    expect((await listContracts(rep, { state: "cancelled", companyId: company.id })).rows.map((row) => row.id)).toEqual([gone.contractId]);
  });
});
