import { DomainError } from "~/domain/errors";
import type { TransactionClient } from "~/lib/db.server";
import type { StageKind } from "./stage-kinds";

/**
 * Moving a deal along the pipeline: the one write path for a deal's stage, used by the kanban,
 * the deal page and the order commands (an accepted quote wins its deal). Each move is checked
 * against the version the user loaded (optimistic locking), recorded in the stage history (who,
 * when, from, to) and keeps the deal's closing fields coherent with the stage's kind.
 */

export type { StageKind };

/** Someone saved the deal since it was loaded: nothing was written. */
export class DealConflictError extends DomainError {
  constructor(readonly currentVersion: number) {
    super("sales.deal.conflict");
    this.name = "DealConflictError";
  }
}

export type DealStageMove = {
  dealId: string;
  fromStageId: string;
  toStageId: string;
  toKind: StageKind;
  /** False when the deal already stood on that stage (nothing written). */
  moved: boolean;
  version: number;
};

/**
 * Moves a deal to `toStageId`. A lost stage needs an active loss reason; reaching a won or lost
 * stage sets `closedAt`, going back to an open stage clears it and the loss. Without
 * `expectedVersion` (system moves such as an order) the current version is taken.
 */
export async function moveDealInTransaction(
  tx: TransactionClient,
  input: {
    dealId: string;
    toStageId: string;
    actorId: string | null;
    expectedVersion?: number;
    lossReasonId?: string | null;
    lossNote?: string;
    at?: Date;
  },
): Promise<DealStageMove> {
  const at = input.at ?? new Date();
  const deal = await tx.deal.findUnique({ where: { id: input.dealId }, select: { stageId: true, version: true } });
  if (!deal) throw new DomainError("errors.notFound");
  const expectedVersion = input.expectedVersion ?? deal.version;
  if (deal.version !== expectedVersion) throw new DealConflictError(deal.version);

  const stage = await tx.pipelineStage.findUnique({ where: { id: input.toStageId }, select: { id: true, kind: true, active: true } });
  if (!stage || !stage.active) throw new DomainError("validation.choose", "stageId");
  const toKind = stage.kind as StageKind;
  if (deal.stageId === stage.id) return { dealId: input.dealId, fromStageId: deal.stageId, toStageId: stage.id, toKind, moved: false, version: deal.version };

  let loss: { lossReasonId: string | null; lossNote: string } = { lossReasonId: null, lossNote: "" };
  if (toKind === "lost") {
    const reason = input.lossReasonId
      ? await tx.dealLossReason.findUnique({ where: { id: input.lossReasonId }, select: { id: true, active: true } })
      : null;
    if (!reason || !reason.active) throw new DomainError("sales.deal.validation.lossReasonRequired", "lossReasonId");
    loss = { lossReasonId: reason.id, lossNote: (input.lossNote ?? "").trim() };
  }

  const updated = await tx.deal.updateMany({
    where: { id: input.dealId, version: expectedVersion },
    data: {
      stageId: stage.id,
      stageChangedAt: at,
      closedAt: toKind === "open" ? null : at,
      ...loss,
      version: { increment: 1 },
    },
  });
  if (updated.count === 0) {
    const current = await tx.deal.findUnique({ where: { id: input.dealId }, select: { version: true } });
    throw new DealConflictError(current?.version ?? expectedVersion);
  }
  await tx.dealStageChange.create({
    data: { dealId: input.dealId, fromStageId: deal.stageId, toStageId: stage.id, actorId: input.actorId, at },
  });
  return { dealId: input.dealId, fromStageId: deal.stageId, toStageId: stage.id, toKind, moved: true, version: expectedVersion + 1 };
}

/** The stage a won deal goes to: the first active stage of kind "won". */
export async function wonStageIdInTransaction(tx: TransactionClient): Promise<string> {
  const stage = await tx.pipelineStage.findFirst({ where: { kind: "won", active: true }, orderBy: { position: "asc" }, select: { id: true } });
  if (!stage) throw new DomainError("sales.pipeline.noWonStage");
  return stage.id;
}
