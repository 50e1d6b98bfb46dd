/**
 * Reading delimited text (CSV) as spreadsheets write it: RFC 4180 quotes (a quoted field may hold
 * the separator, doubled quotes and line breaks), CRLF, LF or CR line ends, a separator guessed
 * among `;`, `,` and tab. Pure: the bytes are decoded before (file-reading.server.ts).
 */

export const importSeparators = [";", ",", "tab"] as const;
export type ImportSeparator = (typeof importSeparators)[number];

export function isImportSeparator(value: unknown): value is ImportSeparator {
  return typeof value === "string" && (importSeparators as readonly string[]).includes(value);
}

export function separatorCharacter(separator: ImportSeparator): string {
  return separator === "tab" ? "\t" : separator;
}

/** The rows of `text` split on `separator`, quotes removed. Blank lines are dropped. */
export function parseDelimitedText(text: string, separator: ImportSeparator): string[][] {
  const sep = separatorCharacter(separator);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let fieldStarted = false;
  const endRow = () => {
    row.push(field);
    if (!(row.length === 1 && row[0] === "")) rows.push(row);
    row = [];
    field = "";
    fieldStarted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += char;
      continue;
    }
    if (char === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (char === sep) {
      row.push(field);
      field = "";
      fieldStarted = false;
    } else if (char === "\r" || char === "\n") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      endRow();
    } else {
      field += char;
      fieldStarted = true;
    }
  }
  if (field !== "" || row.length > 0) endRow();
  return rows;
}

/**
 * The separator of a file: the candidate that splits its first lines (outside quotes) into the
 * same number of fields, more than one, most consistently; `;` wins ties (French Excel).
 */
export function detectSeparator(text: string): ImportSeparator {
  const sample = text.slice(0, 64 * 1024);
  let best: { separator: ImportSeparator; score: number } = { separator: ";", score: -1 };
  for (const separator of importSeparators) {
    const rows = parseDelimitedText(sample, separator).slice(0, 20);
    if (rows.length === 0) continue;
    const widths = rows.map((row) => row.length);
    const header = widths[0];
    if (header < 2) continue;
    const consistent = widths.filter((width) => width === header).length / widths.length;
    const score = consistent * 1000 + header;
    if (score > best.score) best = { separator, score };
  }
  return best.separator;
}
