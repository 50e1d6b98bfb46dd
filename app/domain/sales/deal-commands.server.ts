import { DomainError } from "~/domain/errors";
import { transactionWithEvents } from "~/domain/event-store.server";
import { can } from "~/domain/identity/permissions";
import { db, type TransactionClient } from "~/lib/db.server";
import type { DealForm, DealUpdateForm } from "./deal-schemas";
import { DealConflictError, moveDealInTransaction, type DealStageMove } from "./deal-stage-moves.server";
import { canActOnOwned, mayAssignOwner, type SalesViewer } from "./sales-access";

/**
 * Writing deals: create, change their fields (optimistic locking on `version`), move them along
 * the pipeline (through moveDealInTransaction, the one stage write path). Each checks the sales
 * record rule itself, writes in one transaction and announces the change after commit.
 */

/** Owners, companies and contacts as the form chose them, checked against the rules. */
async function assertDealLinks(tx: TransactionClient, viewer: SalesViewer, input: DealForm, previousOwnerId: string | null) {
  if (input.ownerId !== previousOwnerId) {
    if (!mayAssignOwner(viewer, input.ownerId)) throw new DomainError("sales.deal.validation.ownerNotAllowed", "ownerId");
    const owner = await tx.user.findUnique({ where: { id: input.ownerId }, select: { active: true, role: true, restrictToGroups: true } });
    if (!owner || !owner.active || !can(owner, "update:deal")) throw new DomainError("sales.deal.validation.ownerNotSales", "ownerId");
  }
  const company = await tx.company.findUnique({ where: { id: input.companyId }, select: { id: true } });
  if (!company) throw new DomainError("sales.deal.validation.companyNotFound", "companyId");
  if (input.contactId) {
    const contact = await tx.contact.findUnique({ where: { id: input.contactId }, select: { companyId: true } });
    if (!contact || contact.companyId !== input.companyId) throw new DomainError("sales.deal.validation.contactNotOfCompany", "contactId");
  }
}

function dealFields(input: DealForm) {
  return {
    title: input.title,
    companyId: input.companyId,
    contactId: input.contactId,
    ownerId: input.ownerId,
    amountCents: input.amount,
    expectedCloseDate: input.expectedCloseDate,
    source: input.source,
    notes: input.notes,
  };
}

/**
 * A new deal on the first active open stage. Its creation is the first row of its stage history
 * (from no stage), so the history and the cycle length start when the deal does.
 */
export async function createDeal(viewer: SalesViewer, input: DealForm, now = new Date()): Promise<{ id: string }> {
  if (!can(viewer, "create:deal")) throw new DomainError("errors.forbiddenText");
  return transactionWithEvents(async (tx, events) => {
    await assertDealLinks(tx, viewer, input, null);
    const firstStage = await tx.pipelineStage.findFirst({ where: { kind: "open", active: true }, orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true } });
    if (!firstStage) throw new DomainError("sales.pipeline.noOpenStage");
    const created = await tx.deal.create({
      data: { ...dealFields(input), stageId: firstStage.id, stageChangedAt: now, createdById: viewer.id, createdAt: now },
      select: { id: true },
    });
    await tx.dealStageChange.create({ data: { dealId: created.id, fromStageId: null, toStageId: firstStage.id, actorId: viewer.id, at: now } });
    events.record("deal.saved", { dealId: created.id, actorId: viewer.id, created: true });
    return created;
  });
}

/**
 * Saves the edit form over the deal, if nobody saved it since the form was loaded (`version`);
 * otherwise DealConflictError and nothing is written. Returns the fields that changed.
 */
export async function updateDeal(viewer: SalesViewer, dealId: string, input: DealUpdateForm): Promise<{ changes: string[] }> {
  const changes = await transactionWithEvents(async (tx, events) => {
    const before = await tx.deal.findUnique({
      where: { id: dealId },
      select: { title: true, companyId: true, contactId: true, ownerId: true, amountCents: true, expectedCloseDate: true, source: true, notes: true, version: true },
    });
    if (!before || !canActOnOwned(viewer, before.ownerId, "update")) throw new DomainError("errors.notFound");
    if (before.version !== input.version) throw new DealConflictError(before.version);
    await assertDealLinks(tx, viewer, input, before.ownerId);
    const data = dealFields(input);
    const changed = (Object.keys(data) as Array<keyof typeof data>).filter((field) => {
      const previous = before[field];
      const next = data[field];
      return previous instanceof Date || next instanceof Date ? (previous as Date | null)?.getTime() !== (next as Date | null)?.getTime() : previous !== next;
    });
    if (changed.length === 0) return changed;
    const updated = await tx.deal.updateMany({ where: { id: dealId, version: input.version }, data: { ...data, version: { increment: 1 } } });
    if (updated.count === 0) {
      const current = await tx.deal.findUnique({ where: { id: dealId }, select: { version: true } });
      throw new DealConflictError(current?.version ?? input.version);
    }
    events.record("deal.saved", { dealId, actorId: viewer.id, created: false });
    return changed;
  });
  return { changes };
}

/**
 * Moves a deal the viewer may change to another stage (kanban, its menu, the deal page): the
 * version the user saw, and a loss reason for a lost stage (moveDealInTransaction's rules).
 */
export async function moveDeal(
  viewer: SalesViewer,
  input: { dealId: string; toStageId: string; expectedVersion: number; lossReasonId?: string | null; lossNote?: string },
  now = new Date(),
): Promise<DealStageMove> {
  const deal = await db().deal.findUnique({ where: { id: input.dealId }, select: { ownerId: true } });
  if (!deal || !canActOnOwned(viewer, deal.ownerId, "update")) throw new DomainError("errors.notFound");
  return transactionWithEvents(async (tx, events) => {
    const move = await moveDealInTransaction(tx, {
      dealId: input.dealId,
      toStageId: input.toStageId,
      actorId: viewer.id,
      expectedVersion: input.expectedVersion,
      lossReasonId: input.lossReasonId ?? null,
      lossNote: input.lossNote ?? "",
      at: now,
    });
    if (move.moved) {
      events.record("deal.stage_changed", { dealId: move.dealId, fromStageId: move.fromStageId, toStageId: move.toStageId, toKind: move.toKind, actorId: viewer.id });
    }
    return move;
  });
}
