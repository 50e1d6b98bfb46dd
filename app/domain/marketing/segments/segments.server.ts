import { z } from "zod";
import { DomainError } from "~/domain/errors";
import { transactionWithEvents } from "~/domain/event-store.server";
import { recordAudit } from "~/domain/identity/audit.server";
import { db } from "~/lib/db.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { conditionKind } from "./segment-conditions.server";
import { countSegment } from "./segment-evaluation.server";
import { parseSegmentDefinition, segmentDefinitionSchema, type SegmentDefinition } from "./segment-definition";
import type { BuilderChoices } from "./segment-builder-fields";

/**
 * Saved segments: created, edited (optimistic locking on `version`) and archived, never deleted
 * (a campaign keeps pointing at the segment it was sent to). Every write is audited and announced
 * (`segment.saved`). A definition is saved only when each condition is valid, and saved in the
 * normalised form its kinds' schemas give.
 */

export const segmentFieldsSchema = z.object({
  name: z.string({ invalid_type_error: "segment.form.nameRequired" }).trim().min(1, "segment.form.nameRequired").max(120, "validation.tooLong"),
  description: z.string().trim().max(1000, "validation.tooLong").default(""),
});
export type SegmentFields = z.infer<typeof segmentFieldsSchema>;

/** A condition's problems, by place: `"0.1"` is the second condition of the first group. */
export type DefinitionIssues = Record<string, MessageKey[]>;

/** Checks every condition (all of them, so the builder shows each error next to its condition) and normalises the parameters. */
export function checkDefinition(definition: SegmentDefinition): { definition: SegmentDefinition; issues: DefinitionIssues } {
  const issues: DefinitionIssues = {};
  const groups = definition.groups.map((group, groupIndex) => ({
    match: group.match,
    conditions: group.conditions.map((condition, conditionIndex) => {
      const kind = conditionKind(condition.kind);
      const place = `${groupIndex}.${conditionIndex}`;
      if (!kind) {
        issues[place] = ["segment.form.unknownKind"];
        return condition;
      }
      const parsed = kind.params.safeParse(condition.params);
      if (!parsed.success) {
        issues[place] = [...new Set(parsed.error.issues.map((issue) => issue.message as MessageKey))];
        return condition;
      }
      return { kind: condition.kind, params: parsed.data as Record<string, unknown>, ...(condition.negate ? { negate: true } : {}) };
    }),
  }));
  return { definition: { match: definition.match, groups }, issues };
}

export class SegmentConflictError extends DomainError {
  constructor() {
    super("segment.form.conflict");
  }
}

export class SegmentInvalidError extends DomainError {
  constructor(readonly issues: DefinitionIssues) {
    super("segment.form.invalid");
  }
}

function checked(definition: SegmentDefinition): SegmentDefinition {
  const shape = segmentDefinitionSchema.safeParse(definition);
  if (!shape.success) throw new SegmentInvalidError({});
  const result = checkDefinition(shape.data);
  if (Object.keys(result.issues).length > 0) throw new SegmentInvalidError(result.issues);
  return result.definition;
}

export async function createSegment(actorId: string, fields: SegmentFields, definition: SegmentDefinition): Promise<{ id: string }> {
  const saved = checked(definition);
  return transactionWithEvents(async (tx, events) => {
    const segment = await tx.segment.create({ data: { name: fields.name, description: fields.description, definition: JSON.stringify(saved), createdById: actorId }, select: { id: true } });
    await recordAudit(tx, { actorId, action: "segment.saved", entityType: "Segment", entityId: segment.id, details: { change: "created", name: fields.name, definition: saved } });
    events.record("segment.saved", { segmentId: segment.id, actorId, change: "created" });
    return segment;
  });
}

export async function updateSegment(actorId: string, segmentId: string, version: number, fields: SegmentFields, definition: SegmentDefinition): Promise<void> {
  const saved = checked(definition);
  await transactionWithEvents(async (tx, events) => {
    const updated = await tx.segment.updateMany({
      where: { id: segmentId, version },
      data: { name: fields.name, description: fields.description, definition: JSON.stringify(saved), version: { increment: 1 } },
    });
    if (updated.count === 0) {
      if (!(await tx.segment.findUnique({ where: { id: segmentId }, select: { id: true } }))) throw new DomainError("errors.notFound");
      throw new SegmentConflictError();
    }
    await recordAudit(tx, { actorId, action: "segment.saved", entityType: "Segment", entityId: segmentId, details: { change: "updated", name: fields.name, definition: saved } });
    events.record("segment.saved", { segmentId, actorId, change: "updated" });
  });
}

/** Archives a segment: kept for the campaigns that used it, no longer offered for new ones. */
export async function archiveSegment(actorId: string, segmentId: string, version: number, now = new Date()): Promise<void> {
  await transactionWithEvents(async (tx, events) => {
    const updated = await tx.segment.updateMany({ where: { id: segmentId, version, archivedAt: null }, data: { archivedAt: now, version: { increment: 1 } } });
    if (updated.count === 0) {
      if (!(await tx.segment.findUnique({ where: { id: segmentId }, select: { id: true } }))) throw new DomainError("errors.notFound");
      throw new SegmentConflictError();
    }
    await recordAudit(tx, { actorId, action: "segment.saved", entityType: "Segment", entityId: segmentId, details: { change: "archived" } });
    events.record("segment.saved", { segmentId, actorId, change: "archived" });
  });
}

export async function listSegments(options: { archived: boolean }) {
  const segments = await db().segment.findMany({
    where: options.archived ? {} : { archivedAt: null },
    orderBy: [{ archivedAt: { sort: "asc", nulls: "first" } }, { name: "asc" }],
    select: { id: true, name: true, description: true, updatedAt: true, archivedAt: true, _count: { select: { campaigns: true } } },
  });
  return segments.map(({ _count, ...segment }) => ({ ...segment, campaigns: _count.campaigns }));
}

export async function loadSegment(segmentId: string) {
  const segment = await db().segment.findUnique({
    where: { id: segmentId },
    select: { id: true, name: true, description: true, definition: true, version: true, archivedAt: true, updatedAt: true, _count: { select: { campaigns: true } } },
  });
  if (!segment) return null;
  const { _count, definition, ...rest } = segment;
  return { ...rest, campaigns: _count.campaigns, definition: parseSegmentDefinition(definition) ?? { match: "all" as const, groups: [] } };
}

/** The names behind the ids a builder offers: sales reps, open pipeline stages, launched campaigns. */
export async function builderChoices(): Promise<BuilderChoices> {
  const [owners, openStages, campaigns] = await Promise.all([
    db().user.findMany({ where: { active: true, role: { in: ["sales", "manager", "admin"] } }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db().pipelineStage.findMany({ where: { kind: "open", active: true }, orderBy: { position: "asc" }, select: { id: true, name: true } }),
    db().campaign.findMany({ where: { launchedAt: { not: null } }, orderBy: { launchedAt: "desc" }, take: 100, select: { id: true, name: true } }),
  ]);
  return { owners, openStages, campaigns };
}

/** Counts of saved segments, evaluated now (a definition that no longer checks counts as unavailable). */
export async function countSavedSegments(segmentIds: string[], now = new Date()): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  if (segmentIds.length === 0) return counts;
  const segments = await db().segment.findMany({ where: { id: { in: segmentIds } }, select: { id: true, definition: true } });
  for (const segment of segments) {
    const definition = parseSegmentDefinition(segment.definition);
    if (!definition) continue;
    const result = checkDefinition(definition);
    if (Object.keys(result.issues).length > 0) continue;
    counts[segment.id] = await countSegment(result.definition, now);
  }
  return counts;
}
