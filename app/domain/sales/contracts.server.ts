import { DomainError } from "~/domain/errors";
import { transactionWithEvents, type EventRecorder } from "~/domain/event-store.server";
import { isoDate } from "~/domain/helpdesk/sla/business-calendar";
import { ticketPriorities } from "~/domain/helpdesk/ticket-vocabulary";
import { recordAudit } from "~/domain/identity/audit.server";
import { can } from "~/domain/identity/permissions";
import type { Prisma } from "~/generated/prisma/client";
import { db, type TransactionClient } from "~/lib/db.server";
import { translator } from "~/lib/i18n/translate";
import { isLocale } from "~/lib/i18n/locales";
import { createActivityInTransaction } from "./activity-records.server";
import type { ContractCancelInput, ContractInput, ContractSlaTargets } from "./contract-schemas";
import { contractInForceOn, contractStateOn, oneYearAfter, renewalReminderAt, type ContractState } from "./contract-status";
import { workspaceDay } from "./document-dates";
import { canActOnOwned, mayAssignOwner, ownedRecordsWhere, type SalesViewer } from "./sales-access";

/**
 * Maintenance contracts. A contract's SLA policies (SlaPolicy rows with its companyId and
 * contractId) give the company's tickets its targets while it is in force (contract-status.ts,
 * sla.server.ts). Its renewal task sits on the owner's agenda `reminderDays` before the end day:
 * written with the contract, moved when the end day or the window moves, removed on cancellation.
 * Cancellations (date and reason: the churn rate's base) and renewals are audited.
 */

export class ContractConflictError extends DomainError {
  constructor(readonly currentVersion: number) {
    super("sales.contract.conflict");
    this.name = "ContractConflictError";
  }
}

type ActivityChange = { activityId: string; ownerId: string; change: "created" | "updated" | "deleted" };

const contractRowSelect = {
  id: true,
  title: true,
  companyId: true,
  company: { select: { id: true, name: true } },
  ownerId: true,
  owner: { select: { id: true, name: true } },
  startDate: true,
  endDate: true,
  yearlyAmountCents: true,
  renewal: true,
  reminderDays: true,
  cancelledAt: true,
  cancellationReason: true,
} satisfies Prisma.ContractSelect;

// ───────────────────────────── reading ─────────────────────────────

export type ContractListFilter = ContractState | "all";
const LIST_LIMIT = 2000;

/**
 * Contracts under the record rule, with their state now; "ending soon" first (the nearest end day
 * among those not cancelled), cancelled ones after, most recent cancellation first. States are
 * computed (contract-status.ts), so the list filters in memory over at most LIST_LIMIT contracts.
 */
export async function listContracts(viewer: SalesViewer, filters: { state: ContractListFilter; companyId?: string | null }, now = new Date()) {
  const rule = ownedRecordsWhere(viewer, "read");
  if (!rule) return { rows: [], total: 0, capped: false };
  const where: Prisma.ContractWhereInput = {
    ...rule,
    ...(filters.companyId ? { companyId: filters.companyId } : {}),
    ...(filters.state === "cancelled" ? { cancelledAt: { not: null } } : filters.state === "all" ? {} : { cancelledAt: null }),
  };
  const contracts = await db().contract.findMany({ where, orderBy: [{ endDate: "asc" }, { id: "asc" }], take: LIST_LIMIT + 1, select: contractRowSelect });
  const rows = contracts
    .slice(0, LIST_LIMIT)
    .map((contract) => ({ ...contract, state: contractStateOn(contract, now), inForce: contractInForceOn(contract, now) }))
    .filter((contract) => filters.state === "all" || contract.state === filters.state)
    .sort((left, right) => {
      if ((left.state === "cancelled") !== (right.state === "cancelled")) return left.state === "cancelled" ? 1 : -1;
      if (left.state === "cancelled") return (right.cancelledAt?.getTime() ?? 0) - (left.cancelledAt?.getTime() ?? 0);
      return left.endDate.getTime() - right.endDate.getTime();
    });
  return { rows, total: rows.length, capped: contracts.length > LIST_LIMIT };
}

/** A contract's page: details, state, SLA targets and renewal task; null outside the record rule. */
export async function contractFor(viewer: SalesViewer, contractId: string, now = new Date()) {
  const rule = ownedRecordsWhere(viewer, "read");
  if (!rule) return null;
  const contract = await db().contract.findFirst({
    where: { id: contractId, ...rule },
    select: {
      ...contractRowSelect,
      notes: true,
      version: true,
      createdAt: true,
      updatedAt: true,
      slaPolicies: { select: { id: true, priority: true, firstResponseMinutes: true, resolutionMinutes: true } },
      reminders: { orderBy: { startsAt: "desc" }, select: { id: true, subject: true, startsAt: true, doneAt: true, ownerId: true } },
    },
  });
  if (!contract) return null;
  return { ...contract, state: contractStateOn(contract, now), inForce: contractInForceOn(contract, now) };
}

/** The people a contract may belong to: active staff of the sales area. */
export async function contractOwnerChoices() {
  const users = await db().user.findMany({ where: { active: true }, orderBy: { name: "asc" }, select: { id: true, name: true, role: true, restrictToGroups: true } });
  return users.filter((user) => can(user, "update:deal")).map(({ id, name }) => ({ id, name }));
}

// ───────────────────────────── SLA policies of a contract ─────────────────────────────

/**
 * Makes the contract's SLA policies match the form: one policy per ticked priority (the company may
 * hold one policy per priority: a plain company policy, or another contract's still in force,
 * refuses the priority with a field error; a finished contract's policy is taken over), none for
 * the others.
 */
async function syncContractPolicies(tx: TransactionClient, contract: { id: string; companyId: string; companyName: string; title: string }, targets: ContractSlaTargets, now: Date) {
  const existing = await tx.slaPolicy.findMany({
    where: { companyId: contract.companyId },
    select: { id: true, priority: true, contractId: true, contract: { select: { title: true, startDate: true, endDate: true, renewal: true, reminderDays: true, cancelledAt: true } } },
  });
  for (const priority of ticketPriorities) {
    const wanted = targets[priority];
    const held = existing.find((policy) => policy.priority === priority);
    const name = `${contract.companyName} · ${contract.title} · ${priority}`.slice(0, 200);
    if (!wanted) {
      if (held?.contractId === contract.id) await tx.slaPolicy.delete({ where: { id: held.id } });
      continue;
    }
    if (!held) {
      await tx.slaPolicy.create({ data: { name, priority, companyId: contract.companyId, contractId: contract.id, ...wanted } });
      continue;
    }
    if (held.contractId === null) throw new DomainError("sales.contract.validation.slaCompanyPolicy", `${priority}Sla`);
    if (held.contractId !== contract.id && held.contract && contractInForceOn(held.contract, now)) throw new DomainError("sales.contract.validation.slaOtherContract", `${priority}Sla`);
    await tx.slaPolicy.update({ where: { id: held.id }, data: { name, contractId: contract.id, active: true, ...wanted } });
  }
}

// ───────────────────────────── the renewal task ─────────────────────────────

function reminderSubject(locale: string, contract: { title: string; companyName: string; endDate: Date }) {
  const t = translator(isLocale(locale) ? locale : "fr");
  return {
    subject: t("sales.contract.reminderSubject", { title: contract.title, company: contract.companyName }).slice(0, 200),
    notes: t("sales.contract.reminderNotes", { date: isoDate(workspaceDay(contract.endDate)).split("-").reverse().join("/") }),
  };
}

/** Writes, moves or removes the contract's open renewal task so it matches the contract. */
async function syncRenewalTask(
  tx: TransactionClient,
  contract: { id: string; companyId: string; companyName: string; title: string; ownerId: string; endDate: Date; reminderDays: number; cancelled: boolean },
  actorId: string,
  options: { newTerm: boolean },
): Promise<ActivityChange[]> {
  const open = await tx.activity.findMany({ where: { contractId: contract.id, doneAt: null }, select: { id: true, ownerId: true } });
  if (contract.cancelled) {
    if (open.length > 0) await tx.activity.deleteMany({ where: { id: { in: open.map((task) => task.id) } } });
    return open.map((task) => ({ activityId: task.id, ownerId: task.ownerId, change: "deleted" as const }));
  }
  const owner = await tx.user.findUnique({ where: { id: contract.ownerId }, select: { locale: true } });
  const text = reminderSubject(owner?.locale ?? "fr", contract);
  const startsAt = renewalReminderAt(contract);
  if (open.length > 0) {
    for (const task of open) {
      await tx.activity.update({ where: { id: task.id }, data: { startsAt, subject: text.subject, notes: text.notes, ownerId: contract.ownerId, remindedAt: null, version: { increment: 1 } } });
    }
    return open.map((task) => ({ activityId: task.id, ownerId: contract.ownerId, change: "updated" as const }));
  }
  // The last task was done: a new one only for a new term (a renewal or a moved end day).
  const any = await tx.activity.count({ where: { contractId: contract.id } });
  if (any > 0 && !options.newTerm) return [];
  const { activityId } = await createActivityInTransaction(tx, {
    kind: "task",
    subject: text.subject,
    notes: text.notes,
    ownerId: contract.ownerId,
    startsAt,
    companyId: contract.companyId,
    contractId: contract.id,
    createdById: actorId,
  });
  return [{ activityId, ownerId: contract.ownerId, change: "created" }];
}

function announce(events: EventRecorder, contract: { id: string; companyId: string; ownerId: string }, change: "created" | "updated" | "renewed" | "cancelled", actorId: string, tasks: ActivityChange[]) {
  events.record("contract.saved", { contractId: contract.id, companyId: contract.companyId, ownerId: contract.ownerId, actorId, change });
  for (const task of tasks) events.record("activity.saved", { activityId: task.activityId, ownerId: task.ownerId, actorId, change: task.change });
}

// ───────────────────────────── commands ─────────────────────────────

function ownerFor(viewer: SalesViewer, requested: string | null): string {
  if (!requested || requested === viewer.id) return viewer.id;
  if (!mayAssignOwner(viewer, requested)) throw new DomainError("sales.contract.validation.owner", "ownerId");
  return requested;
}

async function assertOwnerIsSales(tx: TransactionClient, ownerId: string) {
  const owner = await tx.user.findUnique({ where: { id: ownerId }, select: { active: true, role: true, restrictToGroups: true } });
  if (!owner || !owner.active || !can(owner, "update:deal")) throw new DomainError("sales.contract.validation.owner", "ownerId");
}

export async function createContract(viewer: SalesViewer, input: ContractInput, now = new Date()): Promise<{ contractId: string }> {
  if (!ownedRecordsWhere(viewer, "create")) throw new DomainError("errors.notFound");
  const ownerId = ownerFor(viewer, input.ownerId);
  const companyId = input.companyId;
  if (!companyId) throw new DomainError("sales.quote.validation.company", "companyName");
  const { contract } = await transactionWithEvents(async (tx, events) => {
    // The insert first (see quote-commands.server.ts): the foreign key vouches for the company.
    const created = await tx.contract
      .create({
        data: {
          companyId,
          ownerId,
          title: input.title,
          startDate: input.startDate,
          endDate: input.endDate,
          yearlyAmountCents: input.yearlyAmountCents,
          renewal: input.renewal,
          reminderDays: input.reminderDays,
          notes: input.notes,
          status: contractStateOn({ ...input, cancelledAt: null }, now),
        },
        select: { id: true, companyId: true, ownerId: true, company: { select: { id: true, name: true } } },
      })
      .catch((error: unknown) => {
        if ((error as { code?: string }).code === "P2003") throw new DomainError("sales.quote.validation.company", "companyName");
        throw error;
      });
    const company = created.company;
    await assertOwnerIsSales(tx, ownerId);
    await syncContractPolicies(tx, { id: created.id, companyId: company.id, companyName: company.name, title: input.title }, input.sla, now);
    const tasks = await syncRenewalTask(tx, { ...created, companyName: company.name, title: input.title, endDate: input.endDate, reminderDays: input.reminderDays, cancelled: false }, viewer.id, { newTerm: true });
    await recordAudit(tx, { actorId: viewer.id, action: "contract.created", entityType: "Contract", entityId: created.id, details: { title: input.title, companyId: company.id, endDate: input.endDate.toISOString(), sla: input.sla } });
    announce(events, created, "created", viewer.id, tasks);
    return { contract: created, tasks };
  });
  return { contractId: contract.id };
}

/** Loads a contract for a change by the viewer, checks its version, and bumps it (the transaction's first statement is this write). */
async function lockContract(tx: TransactionClient, viewer: SalesViewer, contractId: string, expectedVersion: number, data: Prisma.ContractUncheckedUpdateManyInput) {
  const rule = ownedRecordsWhere(viewer, "update");
  if (!rule) throw new DomainError("errors.notFound");
  const updated = await tx.contract.updateMany({ where: { id: contractId, version: expectedVersion, cancelledAt: null, ...rule }, data: { ...data, version: { increment: 1 } } });
  const current = await tx.contract.findFirst({
    where: { id: contractId, ...rule },
    select: { id: true, companyId: true, company: { select: { name: true } }, ownerId: true, title: true, startDate: true, endDate: true, renewal: true, reminderDays: true, cancelledAt: true, version: true },
  });
  if (!current) throw new DomainError("errors.notFound");
  if (updated.count === 0) {
    if (current.cancelledAt) throw new DomainError("sales.contract.alreadyCancelled");
    throw new ContractConflictError(current.version);
  }
  return current;
}

/**
 * The contract as it stands at `version`, read before the transaction: when the transaction's
 * guarded write (same version) succeeds, this is exactly what it replaced.
 */
async function contractAtVersion(viewer: SalesViewer, contractId: string, version: number) {
  const rule = ownedRecordsWhere(viewer, "update");
  if (!rule) throw new DomainError("errors.notFound");
  const before = await db().contract.findFirst({ where: { id: contractId, ...rule }, select: { ownerId: true, endDate: true, reminderDays: true, title: true, version: true, cancelledAt: true } });
  if (!before) throw new DomainError("errors.notFound");
  if (before.cancelledAt) throw new DomainError("sales.contract.alreadyCancelled");
  if (before.version !== version) throw new ContractConflictError(before.version);
  return before;
}

/** Saves the form over a contract (not cancelled): dates, amount, renewal, owner, SLA targets; the renewal task follows. */
export async function updateContract(viewer: SalesViewer, contractId: string, input: ContractInput, now = new Date()): Promise<void> {
  if (input.version === undefined) throw new DomainError("sales.quote.staleForm");
  const expectedVersion = input.version;
  const before = await contractAtVersion(viewer, contractId, expectedVersion);
  const ownerId = input.ownerId && input.ownerId !== before.ownerId ? ownerFor(viewer, input.ownerId) : before.ownerId;
  await transactionWithEvents(async (tx, events) => {
    const current = await lockContract(tx, viewer, contractId, expectedVersion, {
      title: input.title,
      ownerId,
      startDate: input.startDate,
      endDate: input.endDate,
      yearlyAmountCents: input.yearlyAmountCents,
      renewal: input.renewal,
      reminderDays: input.reminderDays,
      notes: input.notes,
      status: contractStateOn({ ...input, cancelledAt: null }, now),
    });
    if (ownerId !== before.ownerId) await assertOwnerIsSales(tx, ownerId);
    await syncContractPolicies(tx, { id: current.id, companyId: current.companyId, companyName: current.company.name, title: input.title }, input.sla, now);
    const newTerm = before.endDate.getTime() !== input.endDate.getTime();
    const moved = newTerm || before.reminderDays !== input.reminderDays || before.ownerId !== ownerId || before.title !== input.title;
    const tasks = moved
      ? await syncRenewalTask(tx, { id: current.id, companyId: current.companyId, companyName: current.company.name, title: input.title, ownerId, endDate: input.endDate, reminderDays: input.reminderDays, cancelled: false }, viewer.id, { newTerm })
      : [];
    await recordAudit(tx, { actorId: viewer.id, action: "contract.updated", entityType: "Contract", entityId: current.id, details: { endDate: input.endDate.toISOString(), ownerId, sla: input.sla } });
    announce(events, { id: current.id, companyId: current.companyId, ownerId }, "updated", viewer.id, tasks);
    return { contract: { id: current.id, companyId: current.companyId, ownerId }, tasks };
  });
}

/** Renews the contract for one more year: its end day moves a year later and a new renewal task is planned. */
export async function renewContract(viewer: SalesViewer, input: { contractId: string; version: number }, now = new Date()): Promise<{ endDate: Date }> {
  const before = await contractAtVersion(viewer, input.contractId, input.version);
  const endDate = oneYearAfter(before.endDate);
  await transactionWithEvents(async (tx, events) => {
    const current = await lockContract(tx, viewer, input.contractId, input.version, { endDate, status: contractStateOn({ endDate, reminderDays: before.reminderDays, cancelledAt: null }, now) });
    const tasks = await syncRenewalTask(tx, { id: current.id, companyId: current.companyId, companyName: current.company.name, title: current.title, ownerId: current.ownerId, endDate, reminderDays: current.reminderDays, cancelled: false }, viewer.id, { newTerm: true });
    await recordAudit(tx, { actorId: viewer.id, action: "contract.renewed", entityType: "Contract", entityId: current.id, details: { from: before.endDate.toISOString(), to: endDate.toISOString() } });
    announce(events, current, "renewed", viewer.id, tasks);
    return { contract: current, tasks };
  });
  return { endDate };
}

/**
 * Cancels a contract from a day (it covers the company until the day before) with a reason: the
 * open renewal task goes, the SLA stops holding from that day, the audit log keeps who and why.
 */
export async function cancelContract(viewer: SalesViewer, contractId: string, input: ContractCancelInput): Promise<void> {
  await transactionWithEvents(async (tx, events) => {
    const current = await lockContract(tx, viewer, contractId, input.version, { cancelledAt: input.cancelledAt, cancellationReason: input.reason, status: "cancelled" });
    const tasks = await syncRenewalTask(tx, { id: current.id, companyId: current.companyId, companyName: current.company.name, title: current.title, ownerId: current.ownerId, endDate: current.endDate, reminderDays: current.reminderDays, cancelled: true }, viewer.id, { newTerm: false });
    await recordAudit(tx, { actorId: viewer.id, action: "contract.cancelled", entityType: "Contract", entityId: current.id, details: { cancelledAt: input.cancelledAt.toISOString(), reason: input.reason, companyId: current.companyId } });
    announce(events, current, "cancelled", viewer.id, tasks);
    return { contract: current, tasks };
  });
}

/** True when the viewer may change this contract (its owner under the record rule, or any for managers). */
export function canChangeContract(viewer: SalesViewer, contract: { ownerId: string; cancelledAt: Date | string | null }): boolean {
  return canActOnOwned(viewer, contract.ownerId, "update") && contract.cancelledAt === null;
}

