import { neutraliseFormula, quoteCsvField, type CsvSeparator } from "./csv";
import { WORKSPACE_TIME_ZONE } from "./workspace-time-zone";

/**
 * Streamed CSV downloads of lists: the one place that turns pages of rows into CSV bytes.
 *
 * Two dialects, chosen by the `separateur` parameter of an export link:
 * - `excel` (default): what French Excel opens with a double click: UTF-8 with a byte-order mark,
 *   `;` between fields, dates as the workspace shows them (07/12/2026 14:03), decimal comma.
 * - `virgule`: for other tools: UTF-8 without BOM, `,` between fields, ISO 8601 dates (instants in
 *   UTC), decimal point.
 * Both: CRLF between lines, fields quoted when needed, text cells starting like a formula made inert.
 *
 * The rows are pulled page by page (a list's keyset query) only when the reader asks for more, so
 * a 200,000-row export holds one page in memory and starts downloading at once.
 */

export const csvDialects = ["excel", "virgule"] as const;
export type CsvDialect = (typeof csvDialects)[number];
/** The query parameter of an export link that picks the dialect. */
export const CSV_DIALECT_PARAM = "separateur";

export function csvDialectFrom(params: URLSearchParams): CsvDialect {
  return params.get(CSV_DIALECT_PARAM) === "virgule" ? "virgule" : "excel";
}

/**
 * A cell as the list holds it; the dialect decides how it is written. A `Date` is an instant
 * (date and time), `{ day }` a calendar day, `{ cents }` an amount of money, a number a count or
 * a decimal. Text is the customer's or ours, neutralised when it starts like a formula.
 */
export type CsvValue = string | number | Date | { day: Date } | { cents: number } | null | undefined;

export type CsvColumn<Row> = { header: string; value: (row: Row) => CsvValue };

export type CsvWriter = { separator: CsvSeparator; bom: string; line(cells: readonly CsvValue[]): string };

export function csvWriter(dialect: CsvDialect, timeZone = WORKSPACE_TIME_ZONE): CsvWriter {
  const excel = dialect === "excel";
  const separator: CsvSeparator = excel ? ";" : ",";
  const instant = excel
    ? new Intl.DateTimeFormat("fr-FR", { timeZone, day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit" })
    : null;
  const day = new Intl.DateTimeFormat(excel ? "fr-FR" : "en-CA", { timeZone, day: "2-digit", month: "2-digit", year: "numeric" });
  const decimal = (text: string) => (excel ? text.replace(".", ",") : text);
  const cell = (value: CsvValue): string => {
    if (value === null || value === undefined) return "";
    if (typeof value === "string") return quoteCsvField(neutraliseFormula(value), separator);
    if (typeof value === "number") return Number.isFinite(value) ? decimal(String(value)) : "";
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) return "";
      return instant ? instant.format(value) : value.toISOString();
    }
    if ("cents" in value) return decimal((value.cents / 100).toFixed(2));
    return Number.isNaN(value.day.getTime()) ? "" : day.format(value.day);
  };
  return { separator, bom: excel ? "\uFEFF" : "", line: (cells) => `${cells.map(cell).join(separator)}\r\n` };
}

export type CsvStreamOutcome = { rows: number; complete: boolean };

export type CsvStreamOptions<Row> = {
  dialect: CsvDialect;
  columns: ReadonlyArray<CsvColumn<Row>>;
  /** The list's rows a page at a time, in the list's order. */
  pages: AsyncIterator<readonly Row[]>;
  timeZone?: string;
  /**
   * Called once: after the last row was written, before the download ends (complete), or when the
   * reader went away (not complete). The export's audit record goes here, with the row count.
   */
  onEnd?: (outcome: CsvStreamOutcome) => Promise<void>;
};

/** The CSV bytes of a list, a page per read: nothing is fetched before the reader asks for it. */
export function csvStream<Row>(options: CsvStreamOptions<Row>): ReadableStream<Uint8Array> {
  const writer = csvWriter(options.dialect, options.timeZone);
  const encoder = new TextEncoder();
  let rows = 0;
  let ended = false;
  const end = async (complete: boolean) => {
    if (ended) return;
    ended = true;
    await options.onEnd?.({ rows, complete });
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(writer.bom + writer.line(options.columns.map((column) => column.header))));
      },
      async pull(controller) {
        const page = await options.pages.next();
        if (page.done) {
          await end(true);
          controller.close();
          return;
        }
        let chunk = "";
        for (const row of page.value) chunk += writer.line(options.columns.map((column) => column.value(row)));
        rows += page.value.length;
        controller.enqueue(encoder.encode(chunk));
      },
      async cancel() {
        await options.pages.return?.(undefined);
        await end(false);
      },
    },
    // One page waits in the queue at most: the next one is read when the reader took this one.
    new CountQueuingStrategy({ highWaterMark: 1 }),
  );
}

/** A CSV download: never cached (it holds what the viewer may see). */
export function csvStreamResponse(body: ReadableStream<Uint8Array>, fileName: string, dialect: CsvDialect): Response {
  return new Response(body, {
    headers: {
      "Content-Type": dialect === "excel" ? "text/csv; charset=utf-8" : "text/csv; charset=utf-8; header=present",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** Walks a keyset-paged query: `fetch(cursor)` returns a page and the next cursor (null at the end). */
export async function* keysetPages<Row, Cursor>(fetch: (cursor: Cursor | null) => Promise<{ rows: readonly Row[]; next: Cursor | null }>): AsyncGenerator<readonly Row[]> {
  let cursor: Cursor | null = null;
  for (;;) {
    const page: { rows: readonly Row[]; next: Cursor | null } = await fetch(cursor);
    if (page.rows.length > 0) yield page.rows;
    if (page.next === null || page.rows.length === 0) return;
    cursor = page.next;
  }
}
