import iconv from "iconv-lite";
import { readSheet } from "read-excel-file/node";
import { detectSeparator, parseDelimitedText, type ImportSeparator } from "./delimited-text";

/**
 * Turning an uploaded file into a header and rows of text: CSV in UTF-8 (with or without BOM) or
 * Windows-1252 / ISO-8859-1 (what French Excel saves as « CSV (séparateur : point-virgule) »), or
 * the first sheet of an XLSX workbook. Numbers of a workbook are kept as written in the cell
 * (a postal code 01000 stored as the number 1000 reads "1000", fixed by the normalisation);
 * date cells read as YYYY-MM-DD.
 */

export const importEncodings = ["utf-8", "windows-1252"] as const;
export type ImportEncoding = (typeof importEncodings)[number];

export function isImportEncoding(value: unknown): value is ImportEncoding {
  return typeof value === "string" && (importEncodings as readonly string[]).includes(value);
}

export type ImportFileKind = "csv" | "xlsx";

/** The largest file accepted, and the most rows read from it. */
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 200_000;

export function importFileKind(fileName: string): ImportFileKind | null {
  const name = fileName.toLowerCase();
  if (name.endsWith(".csv") || name.endsWith(".txt") || name.endsWith(".tsv")) return "csv";
  if (name.endsWith(".xlsx")) return "xlsx";
  return null;
}

/** A zip (XLSX) starts with "PK\x03\x04"; a text file holds no NUL byte in its first kilobytes. */
export function contentMatchesKind(kind: ImportFileKind, bytes: Uint8Array): boolean {
  if (kind === "xlsx") return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  const head = bytes.subarray(0, 8192);
  return !head.includes(0);
}

/**
 * UTF-8 when the bytes carry its BOM or decode as valid UTF-8; otherwise Windows-1252 (a superset
 * of ISO-8859-1 for every printable character French files hold).
 */
export function detectEncoding(bytes: Uint8Array): ImportEncoding {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return "utf-8";
  } catch {
    return "windows-1252";
  }
}

/** The text of the bytes in `encoding`, without a BOM. */
export function decodeText(bytes: Uint8Array, encoding: ImportEncoding): string {
  const text = encoding === "utf-8" ? new TextDecoder("utf-8").decode(bytes) : iconv.decode(Buffer.from(bytes), "win1252");
  return text.startsWith("\uFEFF") ? text.slice(1) : text;
}

export type ReadFile = {
  /** The header row, trimmed; a blank header reads "Colonne 3" in the UI (column index kept). */
  headers: string[];
  /** Every data row, each as wide as the header (short rows padded with "", long ones kept). */
  rows: string[][];
  encoding: ImportEncoding;
  separator: ImportSeparator;
  kind: ImportFileKind;
};

export class UnreadableImportFile extends Error {
  constructor(readonly reason: "empty" | "unreadable" | "too_many_rows") {
    super(`Unreadable import file: ${reason}`);
    this.name = "UnreadableImportFile";
  }
}

function splitHeader(table: string[][], meta: Omit<ReadFile, "headers" | "rows">): ReadFile {
  const [header, ...rows] = table;
  if (!header || header.every((cell) => cell.trim() === "")) throw new UnreadableImportFile("empty");
  if (rows.length > IMPORT_MAX_ROWS) throw new UnreadableImportFile("too_many_rows");
  const width = header.length;
  return {
    ...meta,
    headers: header.map((cell) => cell.trim()),
    rows: rows.map((row) => (row.length >= width ? row : [...row, ...Array<string>(width - row.length).fill("")])),
  };
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString().slice(0, 10);
  return String(value);
}

/**
 * Reads the file; `choice` overrides the detected encoding or separator (the user corrected the
 * guess). Throws UnreadableImportFile for an empty or broken file.
 */
export async function readImportFile(
  bytes: Uint8Array,
  kind: ImportFileKind,
  choice: { encoding?: ImportEncoding; separator?: ImportSeparator } = {},
): Promise<ReadFile> {
  if (bytes.length === 0) throw new UnreadableImportFile("empty");
  if (kind === "xlsx") {
    let sheet: unknown[][];
    try {
      sheet = await readSheet(Buffer.from(bytes), { parseNumber: (text: string) => text });
    } catch {
      throw new UnreadableImportFile("unreadable");
    }
    const table = sheet.map((row) => row.map(cellText)).filter((row) => row.some((cell) => cell.trim() !== ""));
    return splitHeader(table, { encoding: "utf-8", separator: ",", kind });
  }
  const encoding = choice.encoding ?? detectEncoding(bytes);
  const text = decodeText(bytes, encoding);
  const separator = choice.separator ?? detectSeparator(text);
  return splitHeader(parseDelimitedText(text, separator), { encoding, separator, kind });
}
