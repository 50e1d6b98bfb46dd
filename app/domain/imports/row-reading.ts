import { normalizeDomain } from "~/domain/customers/duplicates";
import type { ImportEntity } from "./import-entities";
import { choiceValue, customFieldName, importField, type ImportField } from "./import-fields";
import type { ImportColumnMapping } from "./import-mapping";
import type { ImportMessage } from "./import-messages";
import {
  cleanText,
  normaliseBoolean,
  normaliseDate,
  normaliseEmail,
  normaliseMoney,
  normalisePhoneNumber,
  normalisePostalCode,
  normaliseSiret,
  normaliseVatRate,
  normaliseWebsite,
  type CellErrorKind,
  type Normalised,
} from "./value-normalisation";

/**
 * One row of the file read through the mapping: each mapped, non-empty cell normalised into the
 * value stored, or a cell error in plain language. Empty cells are absent from `values`: an import
 * never blanks a field of an existing record.
 */

export type ImportValue = string | number | boolean;

export type ReadRow = {
  rowNumber: number;
  values: Record<string, ImportValue>;
  /** Company custom fields: name → text. */
  custom: Record<string, string>;
  errors: ImportMessage[];
};

const hostname = /^(?=.{3,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

function normaliseCell(field: ImportField, raw: string, spreadsheet: boolean, country: string): Normalised<ImportValue | null> | { ok: false; error: "country" | "domain" } {
  switch (field.kind) {
    case "email":
      return normaliseEmail(raw);
    case "phone":
      return normalisePhoneNumber(raw);
    case "date":
      return normaliseDate(raw, { spreadsheet });
    case "postal_code":
      return normalisePostalCode(raw, country);
    case "siret":
      return normaliseSiret(raw);
    case "money":
      return normaliseMoney(raw);
    case "vat_rate":
      return normaliseVatRate(raw);
    case "boolean":
      return normaliseBoolean(raw);
    case "website":
      return normaliseWebsite(raw);
    case "domain": {
      const domain = normalizeDomain(raw);
      if (domain === "") return { ok: true, value: "" };
      return hostname.test(domain) ? { ok: true, value: domain } : { ok: false, error: "domain" };
    }
    case "choice": {
      if (cleanText(raw) === "") return { ok: true, value: "" };
      const value = choiceValue(field, raw);
      return value === null ? { ok: false, error: "choice" as CellErrorKind } : { ok: true, value };
    }
    case "multiline":
      return { ok: true, value: cleanText(raw, { multiline: true }) };
    case "text": {
      const value = cleanText(raw);
      if (field.key.endsWith("country")) {
        if (value === "") return { ok: true, value: "" };
        const code = value.toUpperCase();
        const named: Record<string, string> = { FRANCE: "FR", BELGIQUE: "BE", SUISSE: "CH", LUXEMBOURG: "LU", ALLEMAGNE: "DE", ESPAGNE: "ES", ITALIE: "IT" };
        const resolved = named[code] ?? code;
        return /^[A-Z]{2}$/.test(resolved) ? { ok: true, value: resolved } : { ok: false, error: "country" };
      }
      return { ok: true, value };
    }
  }
}

/** The country of the row (its company's), for postal codes: FR unless a country column says otherwise. */
function rowCountry(entity: ImportEntity, mapping: ImportColumnMapping, cells: readonly string[]): string {
  const key = entity === "contacts" ? "company.country" : "country";
  const column = mapping.find((entry) => entry.target === key)?.column;
  const value = column === undefined ? "" : cleanText(cells[column] ?? "").toUpperCase();
  return /^[A-Z]{2}$/.test(value) ? value : "FR";
}

export function readMappedRow(
  entity: ImportEntity,
  mapping: ImportColumnMapping,
  cells: readonly string[],
  rowNumber: number,
  options: { spreadsheet?: boolean } = {},
): ReadRow {
  const values: Record<string, ImportValue> = {};
  const custom: Record<string, string> = {};
  const errors: ImportMessage[] = [];
  const country = rowCountry(entity, mapping, cells);
  for (const entry of mapping) {
    if (!entry.target) continue;
    const raw = cells[entry.column] ?? "";
    const customName = customFieldName(entry.target);
    if (customName !== null) {
      const value = cleanText(raw, { multiline: true });
      if (value.length > 2000) errors.push({ key: "import.cell.too_long", params: { row: rowNumber, field: customName, length: value.length, max: 2000 }, column: entry.column });
      else if (value !== "") custom[customName] = value;
      continue;
    }
    const field = importField(entity, entry.target);
    if (!field) continue;
    const result = normaliseCell(field, raw, Boolean(options.spreadsheet), country);
    if (!result.ok) {
      errors.push({ key: `import.cell.${result.error}`, params: { row: rowNumber, value: cleanText(raw).slice(0, 200), field: entry.header || field.key }, column: entry.column });
      continue;
    }
    const value = result.value;
    if (value === null || value === "") continue;
    if (typeof value === "string" && value.length > field.maxLength) {
      errors.push({ key: "import.cell.too_long", params: { row: rowNumber, field: entry.header || field.key, length: value.length, max: field.maxLength }, column: entry.column });
      continue;
    }
    values[field.key] = value;
  }
  for (const entry of mapping) {
    const field = entry.target ? importField(entity, entry.target) : undefined;
    if (field?.required && values[field.key] === undefined && !errors.some((error) => error.column === entry.column)) {
      errors.push({ key: "import.row.required", params: { row: rowNumber, field: entry.header || field.key }, column: entry.column });
    }
  }
  if (entity === "contacts" && errors.length === 0 && !values.lastName && !values.firstName && !values.email) {
    errors.push({ key: "import.row.contactIdentity", params: { row: rowNumber } });
  }
  return { rowNumber, values, custom, errors };
}
