import { z } from "zod";
import type { ImportEntity } from "./import-entities";
import { acceptsCustomFields, customFieldName, headerKey, importField, importFields } from "./import-fields";

/**
 * Which column fills which field: one entry per column of the file, in order. `target` is a
 * field key of the entity (import-fields.ts), `custom:<name>` for a custom field, or "" for
 * « ne pas importer ». Stored as JSON on ImportJob.mapping and ImportMapping.mapping.
 */
export type ImportColumnMapping = Array<{ column: number; header: string; target: string }>;

export const DONT_IMPORT = "";

const mappingSchema = z.array(z.object({ column: z.number().int().min(0).max(499), header: z.string().max(300), target: z.string().max(80) })).max(500);

export type MappingProblem =
  | { kind: "unknown_target"; column: number; target: string }
  | { kind: "duplicate_target"; target: string; columns: number[] }
  | { kind: "missing_required"; target: string }
  | { kind: "contact_identity" };

/** The first problem of a mapping for this entity, or null when it can run. */
export function mappingProblems(entity: ImportEntity, mapping: ImportColumnMapping): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const used = new Map<string, number[]>();
  for (const entry of mapping) {
    if (entry.target === DONT_IMPORT) continue;
    const known = importField(entity, entry.target) || (acceptsCustomFields(entity) && customFieldName(entry.target) !== null);
    if (!known) problems.push({ kind: "unknown_target", column: entry.column, target: entry.target });
    used.set(entry.target, [...(used.get(entry.target) ?? []), entry.column]);
  }
  for (const [target, columns] of used) if (columns.length > 1) problems.push({ kind: "duplicate_target", target, columns });
  for (const field of importFields(entity)) if (field.required && !used.has(field.key)) problems.push({ kind: "missing_required", target: field.key });
  if (entity === "contacts" && !used.has("lastName") && !used.has("email")) problems.push({ kind: "contact_identity" });
  return problems;
}

/** Parses a stored or submitted mapping; throws on a shape that is not one. */
export function parseImportMapping(json: string): ImportColumnMapping {
  return mappingSchema.parse(JSON.parse(json));
}

export function safeParseImportMapping(json: string): ImportColumnMapping | null {
  try {
    return parseImportMapping(json);
  } catch {
    return null;
  }
}

/**
 * The suggested mapping of a file's header: each column gets the field whose known names match
 * its header (exactly, once folded), each field at most once (the first column wins); the rest is
 * « ne pas importer ».
 */
export function suggestMapping(entity: ImportEntity, headers: readonly string[]): ImportColumnMapping {
  const taken = new Set<string>();
  const fields = importFields(entity);
  return headers.map((header, column) => {
    const key = headerKey(header);
    const field = fields.find((candidate) => !taken.has(candidate.key) && (candidate.synonyms.includes(key) || headerKey(candidate.key) === key));
    if (field) taken.add(field.key);
    return { column, header, target: field?.key ?? DONT_IMPORT };
  });
}

/**
 * A saved mapping applied to a new file: a column takes the target saved for the same header
 * (folded), else the suggestion; targets the file cannot fill are dropped.
 */
export function applySavedMapping(entity: ImportEntity, saved: ImportColumnMapping, headers: readonly string[]): ImportColumnMapping {
  const byHeader = new Map(saved.map((entry) => [headerKey(entry.header), entry.target]));
  const suggestion = suggestMapping(entity, headers);
  const taken = new Set<string>();
  const mapped = headers.map((header, column) => {
    const target = byHeader.get(headerKey(header));
    if (target !== undefined && (target === DONT_IMPORT || !taken.has(target))) {
      if (target !== DONT_IMPORT) taken.add(target);
      return { column, header, target };
    }
    return null;
  });
  return mapped.map((entry, column) => {
    if (entry) return entry;
    const suggested = suggestion[column].target;
    const target = suggested !== DONT_IMPORT && !taken.has(suggested) ? suggested : DONT_IMPORT;
    if (target !== DONT_IMPORT) taken.add(target);
    return { column, header: headers[column], target };
  });
}
