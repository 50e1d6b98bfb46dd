import { db } from "~/lib/db.server";
import type { Locale } from "~/lib/i18n/locales";
import { translator } from "~/lib/i18n/translate";
import { separatorCharacter } from "./delimited-text";
import { readJobFile } from "./import-jobs.server";
import { safeParseImportMapping } from "./import-mapping";
import { importMessageText, parseImportMessages, type ImportMessage } from "./import-messages";
import type { RowOutcome } from "./import-status";

/**
 * What an import did: its rows with their outcome and reasons (paged), and the rejected rows as a
 * CSV to fix and import again: the file's own header and cells, plus a last column with the
 * reasons, in the file's separator (UTF-8 with BOM, which Excel and our import both read).
 */

export type ImportRowReport = { rowNumber: number; outcome: RowOutcome; entityType: string; entityId: string; messages: ImportMessage[] };

export async function importRowReports(jobId: string, request: { outcome?: RowOutcome; page?: number; pageSize?: number } = {}): Promise<{ total: number; page: number; pageSize: number; rows: ImportRowReport[] }> {
  const pageSize = Math.max(10, Math.min(request.pageSize ?? 50, 500));
  const where = { jobId, ...(request.outcome ? { outcome: request.outcome } : {}) };
  const total = await db().importRow.count({ where });
  const page = Math.max(1, Math.min(request.page ?? 1, Math.max(1, Math.ceil(total / pageSize))));
  const rows = await db().importRow.findMany({
    where,
    orderBy: { rowNumber: "asc" },
    skip: (page - 1) * pageSize,
    take: pageSize,
    select: { rowNumber: true, outcome: true, entityType: true, entityId: true, messages: true },
  });
  return { total, page, pageSize, rows: rows.map((row) => ({ ...row, outcome: row.outcome as RowOutcome, messages: parseImportMessages(row.messages) })) };
}

/** The rejected rows as CSV text, or null when the job does not exist. */
export async function rejectedRowsCsv(jobId: string, locale: Locale): Promise<{ fileName: string; csv: string } | null> {
  const job = await db().importJob.findUnique({ where: { id: jobId }, select: { fileName: true, storedPath: true, encoding: true, separator: true, mapping: true } });
  if (!job) return null;
  // The uploaded file is gone once a person it named was erased: the header comes from the mapping.
  const file = job.storedPath ? await readJobFile(job).catch(() => null) : null;
  const headers = file?.headers ?? (safeParseImportMapping(job.mapping) ?? []).map((entry) => entry.header);
  const rows = await db().importRow.findMany({ where: { jobId, outcome: "rejected" }, orderBy: { rowNumber: "asc" }, select: { rowNumber: true, raw: true, messages: true } });
  const separator = file?.kind === "csv" ? separatorCharacter(file.separator) : ";";
  const header = [...headers, translator(locale)("import.csv.reason")];
  const line = (cells: readonly string[]) => cells.map((cell) => csvField(cell, separator)).join(separator);
  const lines = [line(header)];
  for (const row of rows) {
    let cells: string[] = [];
    try {
      cells = (JSON.parse(row.raw) as unknown[]).map((cell) => String(cell ?? ""));
    } catch {
      cells = [];
    }
    const width = headers.length || cells.length;
    const padded = [...cells, ...Array<string>(Math.max(0, width - cells.length)).fill("")];
    const reasons = parseImportMessages(row.messages).map((message) => importMessageText(locale, message)).join(" ; ");
    lines.push(line([...padded, reasons]));
  }
  const base = job.fileName.replace(/\.[^.]+$/, "");
  return { fileName: `${base}-rejets.csv`, csv: `\uFEFF${lines.join("\r\n")}\r\n` };
}

/**
 * A CSV field for re-import: quoted when needed; text that would run as a spreadsheet formula
 * gets a leading apostrophe (as in our exports), numbers such as "+33 6…" or "-5" do not.
 */
function csvField(value: string, separator: string): string {
  let text = value;
  if (/^[=+\-@\t\r]/.test(text) && !/^[+-]?\d/.test(text)) text = `'${text}`;
  return text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
