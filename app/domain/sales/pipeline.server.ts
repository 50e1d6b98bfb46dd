import { DomainError } from "~/domain/errors";
import { recordAudit } from "~/domain/identity/audit.server";
import { db, type TransactionClient } from "~/lib/db.server";
import { pipelineRuleBroken, reorder, type LossReasonForm, type StageForm } from "./pipeline-rules";
import type { StageKind } from "./stage-kinds";

/**
 * The pipeline's configuration (Administration → Pipeline): stages and loss reasons. Every change
 * is written with its audit entry in one transaction, and the pipeline's rules are checked on the
 * result before it commits (pipeline-rules.ts): a change that breaks one saves nothing.
 */

export type PipelineStageRef = { id: string; name: string; probability: number; kind: StageKind; position: number };
export type LossReasonRef = { id: string; label: string };

const stageRefSelect = { id: true, name: true, probability: true, kind: true, position: true } as const;

/** The active stages in pipeline order and the active loss reasons: what the kanban and deal pages offer. */
export async function activePipeline(): Promise<{ stages: PipelineStageRef[]; lossReasons: LossReasonRef[] }> {
  const [stages, lossReasons] = await Promise.all([
    db().pipelineStage.findMany({ where: { active: true }, orderBy: [{ position: "asc" }, { id: "asc" }], select: stageRefSelect }),
    db().dealLossReason.findMany({ where: { active: true }, orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true, label: true } }),
  ]);
  return { stages: stages.map((stage) => ({ ...stage, kind: stage.kind as StageKind })), lossReasons };
}

/** Every stage and loss reason, active or not, with how many deals use each (the settings page). */
export async function loadPipelineSettings() {
  const [stages, reasons] = await Promise.all([
    db().pipelineStage.findMany({
      orderBy: [{ position: "asc" }, { id: "asc" }],
      select: { ...stageRefSelect, active: true, _count: { select: { deals: true, fromChanges: true, toChanges: true } } },
    }),
    db().dealLossReason.findMany({ orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true, label: true, active: true, _count: { select: { deals: true } } } }),
  ]);
  return {
    stages: stages.map(({ _count, ...stage }) => ({
      ...stage,
      kind: stage.kind as StageKind,
      dealCount: _count.deals,
      deletable: _count.deals === 0 && _count.fromChanges === 0 && _count.toChanges === 0,
    })),
    lossReasons: reasons.map(({ _count, ...reason }) => ({ ...reason, dealCount: _count.deals, deletable: _count.deals === 0 })),
  };
}

async function assertPipelineRules(tx: TransactionClient) {
  const stages = await tx.pipelineStage.findMany({ select: { kind: true, active: true } });
  const broken = pipelineRuleBroken(stages);
  if (broken) throw new DomainError(broken);
}

async function stageOrThrow(tx: TransactionClient, stageId: string) {
  const stage = await tx.pipelineStage.findUnique({ where: { id: stageId }, select: { ...stageRefSelect, active: true } });
  if (!stage) throw new DomainError("errors.notFound");
  return stage;
}

export async function createStage(input: StageForm, actorId: string | null): Promise<{ id: string }> {
  return db().$transaction(async (tx) => {
    const last = await tx.pipelineStage.aggregate({ _max: { position: true } });
    const stage = await tx.pipelineStage.create({
      data: { name: input.name, probability: input.probability, kind: input.kind, active: input.active, position: (last._max.position ?? 0) + 1 },
      select: { id: true },
    });
    await assertPipelineRules(tx);
    await recordAudit(tx, { actorId, action: "pipeline.stage_created", entityType: "pipeline_stage", entityId: stage.id, details: { ...input } });
    return stage;
  });
}

/** A stage's kind cannot change while deals stand on it (their closing date would lie). */
export async function updateStage(stageId: string, input: StageForm, actorId: string | null): Promise<void> {
  await db().$transaction(async (tx) => {
    const before = await stageOrThrow(tx, stageId);
    if (before.kind !== input.kind && (await tx.deal.count({ where: { stageId } })) > 0) {
      throw new DomainError("sales.pipeline.rules.kindInUse", "kind");
    }
    await tx.pipelineStage.update({ where: { id: stageId }, data: { name: input.name, probability: input.probability, kind: input.kind, active: input.active } });
    await assertPipelineRules(tx);
    const changes = (["name", "probability", "kind", "active"] as const).filter((field) => before[field] !== input[field]);
    await recordAudit(tx, { actorId, action: "pipeline.stage_updated", entityType: "pipeline_stage", entityId: stageId, details: { changes, ...input } });
  });
}

export async function moveStage(stageId: string, direction: "up" | "down", actorId: string | null): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const stages = await tx.pipelineStage.findMany({ orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true } });
    if (!stages.some((stage) => stage.id === stageId)) throw new DomainError("errors.notFound");
    const order = reorder(stages, stageId, direction);
    if (!order) return false;
    for (const [index, id] of order.entries()) await tx.pipelineStage.update({ where: { id }, data: { position: index + 1 } });
    await recordAudit(tx, { actorId, action: "pipeline.stage_moved", entityType: "pipeline_stage", entityId: stageId, details: { direction } });
    return true;
  });
}

/** Only a stage no deal ever stood on can go; any other is deactivated instead. */
export async function deleteStage(stageId: string, actorId: string | null): Promise<void> {
  await db().$transaction(async (tx) => {
    const stage = await stageOrThrow(tx, stageId);
    const [deals, history] = await Promise.all([
      tx.deal.count({ where: { stageId } }),
      tx.dealStageChange.count({ where: { OR: [{ fromStageId: stageId }, { toStageId: stageId }] } }),
    ]);
    if (deals > 0 || history > 0) throw new DomainError("sales.pipeline.rules.stageInUse");
    await tx.pipelineStage.delete({ where: { id: stageId } });
    await assertPipelineRules(tx);
    await recordAudit(tx, { actorId, action: "pipeline.stage_deleted", entityType: "pipeline_stage", entityId: stageId, details: { name: stage.name, kind: stage.kind } });
  });
}

export async function createLossReason(input: LossReasonForm, actorId: string | null): Promise<{ id: string }> {
  return db().$transaction(async (tx) => {
    const last = await tx.dealLossReason.aggregate({ _max: { position: true } });
    const reason = await tx.dealLossReason.create({ data: { label: input.label, active: input.active, position: (last._max.position ?? 0) + 1 }, select: { id: true } });
    await recordAudit(tx, { actorId, action: "pipeline.loss_reason_created", entityType: "deal_loss_reason", entityId: reason.id, details: { ...input } });
    return reason;
  });
}

export async function updateLossReason(reasonId: string, input: LossReasonForm, actorId: string | null): Promise<void> {
  await db().$transaction(async (tx) => {
    const before = await tx.dealLossReason.findUnique({ where: { id: reasonId }, select: { label: true, active: true } });
    if (!before) throw new DomainError("errors.notFound");
    await tx.dealLossReason.update({ where: { id: reasonId }, data: { label: input.label, active: input.active } });
    const changes = (["label", "active"] as const).filter((field) => before[field] !== input[field]);
    await recordAudit(tx, { actorId, action: "pipeline.loss_reason_updated", entityType: "deal_loss_reason", entityId: reasonId, details: { changes, ...input } });
  });
}

export async function moveLossReason(reasonId: string, direction: "up" | "down", actorId: string | null): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const reasons = await tx.dealLossReason.findMany({ orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true } });
    if (!reasons.some((reason) => reason.id === reasonId)) throw new DomainError("errors.notFound");
    const order = reorder(reasons, reasonId, direction);
    if (!order) return false;
    for (const [index, id] of order.entries()) await tx.dealLossReason.update({ where: { id }, data: { position: index + 1 } });
    await recordAudit(tx, { actorId, action: "pipeline.loss_reason_moved", entityType: "deal_loss_reason", entityId: reasonId, details: { direction } });
    return true;
  });
}

/** A reason some lost deal gives is kept (deactivate it instead): deleting it would erase why they were lost. */
export async function deleteLossReason(reasonId: string, actorId: string | null): Promise<void> {
  await db().$transaction(async (tx) => {
    const reason = await tx.dealLossReason.findUnique({ where: { id: reasonId }, select: { label: true } });
    if (!reason) throw new DomainError("errors.notFound");
    if ((await tx.deal.count({ where: { lossReasonId: reasonId } })) > 0) throw new DomainError("sales.pipeline.rules.reasonInUse");
    await tx.dealLossReason.delete({ where: { id: reasonId } });
    await recordAudit(tx, { actorId, action: "pipeline.loss_reason_deleted", entityType: "deal_loss_reason", entityId: reasonId, details: { label: reason.label } });
  });
}
