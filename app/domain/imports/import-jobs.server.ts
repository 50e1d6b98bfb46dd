import { DomainError } from "~/domain/errors";
import { transactionWithEvents } from "~/domain/event-store.server";
import { recordAudit } from "~/domain/identity/audit.server";
import type { PermissionSubject } from "~/domain/identity/permissions";
import { db } from "~/lib/db.server";
import { readStoredFile, storeFile } from "~/lib/files.server";
import { isImportSeparator, type ImportSeparator } from "./delimited-text";
import {
  contentMatchesKind,
  IMPORT_MAX_BYTES,
  importFileKind,
  isImportEncoding,
  readImportFile,
  UnreadableImportFile,
  type ImportEncoding,
  type ImportFileKind,
  type ReadFile,
} from "./file-reading.server";
import { isImportEntity, mayImport, type ImportEntity } from "./import-entities";
import { mappingProblems, parseImportMapping, safeParseImportMapping, suggestMapping, type ImportColumnMapping, type MappingProblem } from "./import-mapping";
import { defaultImportOptions, importOptionsSchema, parseImportOptions, type ImportOptions } from "./import-options";
import { isEditableImport, type ImportStatus } from "./import-status";

/**
 * Import jobs up to the run: a file uploaded and kept (content-addressed under the data
 * directory), read with the detected or chosen encoding and separator, mapped, given its options.
 * Nothing is written to the customer records before startImportJob (import-run.server.ts).
 */

/** Who imports: a person in the interface or an API token's user (with its scopes). */
export type ImportActor = PermissionSubject & { id: string };

export type ImportCounts = { created: number; updated: number; merged: number; skipped: number; rejected: number };

export type ImportJobSummary = {
  id: string;
  entity: ImportEntity;
  fileName: string;
  status: ImportStatus;
  totalRows: number;
  doneRows: number;
  counts: ImportCounts;
  error: string;
  via: string;
  createdBy: { id: string; name: string } | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  undoneAt: Date | null;
};

export type ImportJobDetail = ImportJobSummary & {
  kind: ImportFileKind;
  encoding: ImportEncoding;
  separator: ImportSeparator;
  headers: string[];
  mapping: ImportColumnMapping;
  mappingProblems: MappingProblem[];
  options: ImportOptions;
};

const summarySelect = {
  id: true,
  entity: true,
  fileName: true,
  status: true,
  totalRows: true,
  doneRows: true,
  createdCount: true,
  updatedCount: true,
  mergedCount: true,
  skippedCount: true,
  rejectedCount: true,
  error: true,
  via: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  undoneAt: true,
  createdBy: { select: { id: true, name: true } },
} as const;

type SummaryRow = {
  id: string;
  entity: string;
  fileName: string;
  status: string;
  totalRows: number;
  doneRows: number;
  createdCount: number;
  updatedCount: number;
  mergedCount: number;
  skippedCount: number;
  rejectedCount: number;
  error: string;
  via: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  undoneAt: Date | null;
  createdBy: { id: string; name: string } | null;
};

function toSummary(row: SummaryRow): ImportJobSummary {
  return {
    id: row.id,
    entity: row.entity as ImportEntity,
    fileName: row.fileName,
    status: row.status as ImportStatus,
    totalRows: row.totalRows,
    doneRows: row.doneRows,
    counts: { created: row.createdCount, updated: row.updatedCount, merged: row.mergedCount, skipped: row.skippedCount, rejected: row.rejectedCount },
    error: row.error,
    via: row.via,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    undoneAt: row.undoneAt,
  };
}

// ───────────────────────────── the file ─────────────────────────────

/** The last file read, kept while the importer maps and previews it (a 100,000-row file reads in about a second). */
let lastRead: { key: string; file: ReadFile } | null = null;

/** The job's file read with its current encoding and separator. */
export async function readJobFile(job: { storedPath: string; fileName: string; encoding: string; separator: string }): Promise<ReadFile> {
  const kind = importFileKind(job.fileName) ?? "csv";
  const key = `${job.storedPath}|${kind}|${job.encoding}|${job.separator}`;
  if (lastRead?.key === key) return lastRead.file;
  const bytes = await readStoredFile(job.storedPath);
  const file = await readImportFile(bytes, kind, {
    encoding: isImportEncoding(job.encoding) ? job.encoding : undefined,
    separator: isImportSeparator(job.separator) ? job.separator : undefined,
  });
  lastRead = { key, file };
  return file;
}

function fileError(error: unknown): never {
  if (error instanceof UnreadableImportFile) throw new DomainError(`import.file.${error.reason}`, "file");
  throw error;
}

/**
 * Keeps the uploaded file and opens a draft job: the file's kind, size and content are checked,
 * its encoding and separator detected, its header read and a mapping suggested from it. Throws a
 * DomainError (`import.file.*`, field "file") for a file that cannot be imported.
 */
export async function createImportJob(actor: ImportActor, input: { entity: ImportEntity; fileName: string; bytes: Uint8Array; via?: string }): Promise<{ id: string }> {
  if (!isImportEntity(input.entity) || !mayImport(actor, input.entity)) throw new DomainError("import.error.forbiddenEntity", "entity");
  const kind = importFileKind(input.fileName);
  if (!kind) throw new DomainError("import.file.type", "file");
  if (input.bytes.length > IMPORT_MAX_BYTES) throw new DomainError("import.file.too_large", "file");
  if (input.bytes.length === 0) throw new DomainError("import.file.empty", "file");
  if (!contentMatchesKind(kind, input.bytes)) throw new DomainError("import.file.content", "file");
  const file = await readImportFile(input.bytes, kind).catch(fileError);
  const stored = await storeFile(Buffer.from(input.bytes));
  const fileName = input.fileName.replace(/[\\/]/g, "_").slice(0, 200);
  const mapping = suggestMapping(input.entity, file.headers);
  lastRead = { key: `${stored.sha256}|${kind}|${file.encoding}|${file.separator}`, file };
  return transactionWithEvents(async (tx) => {
    const job = await tx.importJob.create({
      data: {
        entity: input.entity,
        fileName,
        storedPath: stored.sha256,
        encoding: file.encoding,
        separator: file.separator,
        mapping: JSON.stringify(mapping),
        options: JSON.stringify(defaultImportOptions),
        totalRows: file.rows.length,
        createdById: actor.id,
        via: input.via ?? "web",
      },
      select: { id: true },
    });
    await recordAudit(tx, { actorId: actor.id, action: "import.uploaded", entityType: "import", entityId: job.id, details: { entity: input.entity, fileName, rows: file.rows.length, size: input.bytes.length } });
    return job;
  });
}

async function jobRow(jobId: string) {
  return db().importJob.findUnique({ where: { id: jobId }, select: { ...summarySelect, storedPath: true, encoding: true, separator: true, mapping: true, options: true } });
}

/** The job as the wizard shows it, or null. */
export async function getImportJob(jobId: string): Promise<ImportJobDetail | null> {
  const row = await jobRow(jobId);
  if (!row) return null;
  const file = await readJobFile(row).catch(() => null);
  const mapping = safeParseImportMapping(row.mapping) ?? [];
  const entity = row.entity as ImportEntity;
  return {
    ...toSummary(row),
    kind: importFileKind(row.fileName) ?? "csv",
    encoding: isImportEncoding(row.encoding) ? row.encoding : "utf-8",
    separator: isImportSeparator(row.separator) ? row.separator : ";",
    headers: file?.headers ?? mapping.map((entry) => entry.header),
    mapping,
    mappingProblems: mappingProblems(entity, mapping),
    options: parseImportOptions(row.options),
  };
}

/** The figures of a job (progress bar, API status), or null. */
export async function getImportJobSummary(jobId: string): Promise<ImportJobSummary | null> {
  const row = await db().importJob.findUnique({ where: { id: jobId }, select: summarySelect });
  return row ? toSummary(row) : null;
}

/** Past and current imports, newest first; `entities` keeps the kinds the reader may import. */
export async function listImportJobs(options: { take?: number; skip?: number; entities?: readonly ImportEntity[] } = {}): Promise<{ jobs: ImportJobSummary[]; total: number }> {
  const where = options.entities ? { entity: { in: [...options.entities] } } : {};
  const [rows, total] = await Promise.all([
    db().importJob.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: Math.min(options.take ?? 25, 100), skip: options.skip ?? 0, select: summarySelect }),
    db().importJob.count({ where }),
  ]);
  return { jobs: rows.map(toSummary), total };
}

export type ImportSample = {
  headers: string[];
  /** The first rows as read, cells as text. */
  rows: string[][];
  totalRows: number;
  encoding: ImportEncoding;
  separator: ImportSeparator;
  kind: ImportFileKind;
};

/** The first rows "as read" with the job's encoding and separator, so the importer can correct them. */
export async function readImportSample(jobId: string, count = 10): Promise<ImportSample | null> {
  const row = await jobRow(jobId);
  if (!row) return null;
  const file = await readJobFile(row).catch(fileError);
  return { headers: file.headers, rows: file.rows.slice(0, Math.max(1, Math.min(count, 100))), totalRows: file.rows.length, encoding: file.encoding, separator: file.separator, kind: file.kind };
}

export type ImportJobChanges = {
  encoding?: ImportEncoding;
  separator?: ImportSeparator;
  /** The whole mapping (one entry per column). */
  mapping?: ImportColumnMapping;
  /** Options as submitted (validated here). */
  options?: unknown;
};

/**
 * Corrects a draft: another encoding or separator re-reads the file (and suggests a mapping
 * again when the header changed), a mapping or options replace the current ones. Throws
 * DomainError: `import.error.notFound`, `import.error.notEditable`, `import.error.consentSourceRequired`
 * (field "consent.source") or `validation.*` for malformed options.
 */
export async function updateImportJob(actor: ImportActor, jobId: string, changes: ImportJobChanges): Promise<void> {
  const job = await jobRow(jobId);
  if (!job) throw new DomainError("import.error.notFound");
  if (!isEditableImport(job.status)) throw new DomainError("import.error.notEditable");
  const data: { encoding?: string; separator?: string; mapping?: string; options?: string; totalRows?: number } = {};
  if ((changes.encoding && changes.encoding !== job.encoding) || (changes.separator && changes.separator !== job.separator)) {
    const file = await readJobFile({ ...job, encoding: changes.encoding ?? job.encoding, separator: changes.separator ?? job.separator }).catch(fileError);
    data.encoding = file.encoding;
    data.separator = file.separator;
    data.totalRows = file.rows.length;
    const current = safeParseImportMapping(job.mapping) ?? [];
    const sameHeader = current.length === file.headers.length && current.every((entry, index) => entry.header === file.headers[index]);
    if (!sameHeader && !changes.mapping) data.mapping = JSON.stringify(suggestMapping(job.entity as ImportEntity, file.headers));
  }
  if (changes.mapping) data.mapping = JSON.stringify(parseImportMapping(JSON.stringify(changes.mapping)));
  if (changes.options !== undefined) {
    const parsed = importOptionsSchema.safeParse(changes.options);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const code = issue?.message.startsWith("import.") || issue?.message.startsWith("validation.") ? issue.message : "validation.choose";
      throw new DomainError(code as "validation.choose", issue?.path.join("."));
    }
    data.options = JSON.stringify(parsed.data);
  }
  if (Object.keys(data).length === 0) return;
  await transactionWithEvents(async (tx) => {
    const updated = await tx.importJob.updateMany({ where: { id: jobId, status: "draft" }, data });
    if (updated.count === 0) throw new DomainError("import.error.notEditable");
    await recordAudit(tx, { actorId: actor.id, action: "import.updated", entityType: "import", entityId: jobId, details: { changes: Object.keys(data) } });
  });
}
