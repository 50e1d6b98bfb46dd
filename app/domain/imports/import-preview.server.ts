import { db } from "~/lib/db.server";
import { loadBaseIndex } from "./base-index.server";
import { importFileKind } from "./file-reading.server";
import type { ImportEntity } from "./import-entities";
import { readJobFile, type ImportCounts } from "./import-jobs.server";
import { mappingProblems, safeParseImportMapping, type ImportColumnMapping, type MappingProblem } from "./import-mapping";
import type { ImportMessage } from "./import-messages";
import { parseImportOptions, type ImportOptions } from "./import-options";
import { planImport, type CompanyRef, type DuplicateGroup, type ImportPlan } from "./import-plan";
import type { RowOutcome } from "./import-status";
import { readMappedRow, type ReadRow } from "./row-reading";

/**
 * The preview: every row's planned outcome against the base as it is now, paged. Nothing is
 * written. The same planning runs again when the import starts (import-run.server.ts).
 */

export type PlannedJob = { plan: ImportPlan; readRows: ReadRow[]; cells: string[][]; headers: string[]; mapping: ImportColumnMapping; options: ImportOptions };

type JobForPlanning = { id: string; entity: string; fileName: string; storedPath: string; encoding: string; separator: string; mapping: string; options: string };

export type ReadJobRows = Omit<PlannedJob, "plan">;

/** The job's rows read through its mapping (normalised, with their cell errors). */
export async function readJobRows(job: JobForPlanning): Promise<ReadJobRows> {
  const file = await readJobFile(job);
  const entity = job.entity as ImportEntity;
  const mapping = safeParseImportMapping(job.mapping) ?? [];
  const options = parseImportOptions(job.options);
  const spreadsheet = importFileKind(job.fileName) === "xlsx";
  const readRows = file.rows.map((cells, index) => readMappedRow(entity, mapping, cells, index + 1, { spreadsheet }));
  return { readRows, cells: file.rows, headers: file.headers, mapping, options };
}

/** The job's rows read through its mapping and planned against the current base. */
export async function planJob(job: JobForPlanning): Promise<PlannedJob> {
  const read = await readJobRows(job);
  const base = await loadBaseIndex(job.entity as ImportEntity);
  return { ...read, plan: planImport(job.entity as ImportEntity, read.readRows, base, read.options) };
}

/** A preview computed for the same job and settings in the last minute is reused (paging through it). */
let cached: { key: string; at: number; planned: PlannedJob } | null = null;
const CACHE_MS = 60_000;

export type PreviewRow = {
  rowNumber: number;
  /** The row's cells as read. */
  cells: string[];
  outcome: RowOutcome;
  messages: ImportMessage[];
  /** Columns with a cell error (to highlight). */
  errorColumns: number[];
  groupId: string | null;
  company: CompanyRef;
};

export type ImportPreview = {
  mappingProblems: MappingProblem[];
  totalRows: number;
  /** What the run would do, row by row counted. */
  counts: ImportCounts;
  page: number;
  pageSize: number;
  pageCount: number;
  rows: PreviewRow[];
  /** Duplicate groups (within the file and against the base), paged apart. */
  groups: { total: number; page: number; items: DuplicateGroup[] };
};

export async function previewImport(
  jobId: string,
  request: { page?: number; pageSize?: number; outcome?: RowOutcome; groupPage?: number; groupPageSize?: number } = {},
): Promise<ImportPreview | null> {
  const job = await db().importJob.findUnique({ where: { id: jobId }, select: { id: true, entity: true, fileName: true, storedPath: true, encoding: true, separator: true, mapping: true, options: true } });
  if (!job) return null;
  const entity = job.entity as ImportEntity;
  const mapping = safeParseImportMapping(job.mapping) ?? [];
  const key = JSON.stringify([job.id, job.encoding, job.separator, job.mapping, job.options]);
  const planned = cached && cached.key === key && Date.now() - cached.at < CACHE_MS ? cached.planned : await planJob(job);
  cached = { key, at: cached?.key === key ? cached.at : Date.now(), planned };

  const counts: ImportCounts = { created: 0, updated: 0, merged: 0, skipped: 0, rejected: 0 };
  for (const row of planned.plan.rows) counts[row.outcome] += 1;
  const pageSize = Math.max(10, Math.min(request.pageSize ?? 50, 500));
  const filtered = request.outcome ? planned.plan.rows.filter((row) => row.outcome === request.outcome) : planned.plan.rows;
  const pageCount = Math.max(1, Math.ceil(filtered.length / pageSize));
  const page = Math.max(1, Math.min(request.page ?? 1, pageCount));
  const rows = filtered.slice((page - 1) * pageSize, page * pageSize).map((row) => ({
    rowNumber: row.rowNumber,
    cells: planned.cells[row.rowNumber - 1] ?? [],
    outcome: row.outcome,
    messages: row.messages,
    errorColumns: row.messages.flatMap((message) => (message.column === undefined ? [] : [message.column])),
    groupId: row.groupId,
    company: row.company,
  }));
  const groupPageSize = Math.max(10, Math.min(request.groupPageSize ?? 50, 200));
  const groupPages = Math.max(1, Math.ceil(planned.plan.groups.length / groupPageSize));
  const groupPage = Math.max(1, Math.min(request.groupPage ?? 1, groupPages));
  return {
    mappingProblems: mappingProblems(entity, mapping),
    totalRows: planned.plan.rows.length,
    counts,
    page,
    pageSize,
    pageCount,
    rows,
    groups: { total: planned.plan.groups.length, page: groupPage, items: planned.plan.groups.slice((groupPage - 1) * groupPageSize, groupPage * groupPageSize) },
  };
}

/** Forgets the cached preview (after a run started or the base changed under test). */
export function forgetImportPreview(): void {
  cached = null;
}
