import { transactionWithEvents } from "~/domain/event-store.server";
import { recordAudit } from "~/domain/identity/audit.server";
import { csvStream, type CsvColumn, type CsvDialect } from "~/lib/csv-export";
import { exportFileName, type ExportFilters, type ExportList } from "./list-exports";

/**
 * A list ready to stream: its columns (headers in the viewer's language) and its pages, each the
 * screen's own query walked by keyset. Built by each domain (customers, helpdesk, sales,
 * marketing) from the filters the list's page parsed.
 */
export type ListExport<Row> = {
  list: ExportList;
  filters: ExportFilters;
  columns: ReadonlyArray<CsvColumn<Row>>;
  pages: AsyncIterator<readonly Row[]>;
};

/** Records an export in the audit log: which list, its filters, the dialect and how many rows left. Never the rows. */
export async function recordExportDownloaded(actorId: string, entry: { list: ExportList; filters: ExportFilters; dialect: CsvDialect; rows: number; complete: boolean }): Promise<void> {
  await transactionWithEvents(async (tx) => {
    await recordAudit(tx, { actorId, action: "export.downloaded", entityType: "export", entityId: entry.list, details: { ...entry } });
  });
}

/** The CSV bytes of a list export; the download is audited when it ends (or is abandoned). */
export function streamListExport<Row>(actorId: string, listExport: ListExport<Row>, dialect: CsvDialect): ReadableStream<Uint8Array> {
  return csvStream({
    dialect,
    columns: listExport.columns,
    pages: listExport.pages,
    onEnd: (outcome) => recordExportDownloaded(actorId, { list: listExport.list, filters: listExport.filters, dialect, ...outcome }),
  });
}

/** A list export as a download: the streamed bytes and the file name ("contacts-2026-12-07.csv"). */
export function listExportDownload<Row>(actorId: string, listExport: ListExport<Row>, dialect: CsvDialect, qualifier = ""): { body: ReadableStream<Uint8Array>; fileName: string } {
  return { body: streamListExport(actorId, listExport, dialect), fileName: exportFileName(listExport.list, qualifier) };
}
