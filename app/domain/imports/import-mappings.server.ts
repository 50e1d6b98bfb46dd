import { DomainError } from "~/domain/errors";
import { transactionWithEvents } from "~/domain/event-store.server";
import { recordAudit } from "~/domain/identity/audit.server";
import { db } from "~/lib/db.server";
import type { ImportEntity } from "./import-entities";
import type { ImportActor } from "./import-jobs.server";
import { updateImportJob } from "./import-jobs.server";
import { applySavedMapping, parseImportMapping, safeParseImportMapping, type ImportColumnMapping } from "./import-mapping";

/** Column mappings saved by name per kind of import, to reuse with the next file of the same shape. */

export type SavedImportMapping = { id: string; name: string; entity: ImportEntity; mapping: ImportColumnMapping; updatedAt: Date };

export async function listImportMappings(entity: ImportEntity): Promise<SavedImportMapping[]> {
  const rows = await db().importMapping.findMany({ where: { entity }, orderBy: { name: "asc" }, select: { id: true, name: true, entity: true, mapping: true, updatedAt: true } });
  return rows.map((row) => ({ ...row, entity: row.entity as ImportEntity, mapping: safeParseImportMapping(row.mapping) ?? [] }));
}

/** Saves (or replaces, by name) a mapping. Throws DomainError `import.error.mappingName` (field "name"). */
export async function saveImportMapping(actor: ImportActor, input: { entity: ImportEntity; name: string; mapping: ImportColumnMapping }): Promise<{ id: string }> {
  const name = input.name.trim().slice(0, 100);
  if (!name) throw new DomainError("import.error.mappingName", "name");
  const mapping = JSON.stringify(parseImportMapping(JSON.stringify(input.mapping)));
  return transactionWithEvents(async (tx) => {
    const saved = await tx.importMapping.upsert({
      where: { entity_name: { entity: input.entity, name } },
      create: { entity: input.entity, name, mapping, createdById: actor.id },
      update: { mapping },
      select: { id: true },
    });
    await recordAudit(tx, { actorId: actor.id, action: "import.mapping_saved", entityType: "import_mapping", entityId: saved.id, details: { entity: input.entity, name } });
    return saved;
  });
}

export async function deleteImportMapping(actor: ImportActor, mappingId: string): Promise<void> {
  await transactionWithEvents(async (tx) => {
    const deleted = await tx.importMapping.deleteMany({ where: { id: mappingId } });
    if (deleted.count === 0) throw new DomainError("import.error.notFound");
    await recordAudit(tx, { actorId: actor.id, action: "import.mapping_deleted", entityType: "import_mapping", entityId: mappingId });
  });
}

/** Applies a saved mapping to a draft job's header (same header → same field; the rest suggested). */
export async function applyImportMapping(actor: ImportActor, jobId: string, mappingId: string): Promise<ImportColumnMapping> {
  const [job, saved] = await Promise.all([
    db().importJob.findUnique({ where: { id: jobId }, select: { entity: true, mapping: true } }),
    db().importMapping.findUnique({ where: { id: mappingId }, select: { entity: true, mapping: true } }),
  ]);
  if (!job || !saved || saved.entity !== job.entity) throw new DomainError("import.error.notFound");
  const headers = (safeParseImportMapping(job.mapping) ?? []).map((entry) => entry.header);
  const mapping = applySavedMapping(job.entity as ImportEntity, safeParseImportMapping(saved.mapping) ?? [], headers);
  await updateImportJob(actor, jobId, { mapping });
  return mapping;
}
