/**
 * CSV as French Excel opens it without an import dialog: UTF-8 with a byte-order mark, `;`
 * between fields, CRLF between lines, a field quoted when it holds a `;`, a quote or a line
 * break (quotes doubled). A cell that starts like a formula (=, +, -, @, tab, CR) gets a leading
 * apostrophe, so a customer's text can never run as a formula in the spreadsheet (CSV injection).
 */
const BOM = "\uFEFF";

export type CsvCell = string | number | null | undefined;

export type CsvSeparator = ";" | ",";

/** A customer's text as a spreadsheet may show it: a leading formula character is made inert. */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** A field between separators: quoted (quotes doubled) when it holds the separator, a quote or a line break. */
export function quoteCsvField(text: string, separator: CsvSeparator = ";"): string {
  const needsQuotes = separator === ";" ? /[;"\r\n]/ : /[,"\r\n]/;
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  return quoteCsvField(typeof value === "number" ? String(value) : neutraliseFormula(value));
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(";"));
  return `${BOM}${lines.join("\r\n")}\r\n`;
}

/** A file name safe in a Content-Disposition header and on every system. */
export function csvFileName(base: string): string {
  const ascii = base
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `${ascii || "export"}.csv`;
}

/** A CSV download: never cached (it holds the viewer's own figures). */
export function csvResponse(csv: string, fileName: string): Response {
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
