import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import { parseScaledDecimal } from "~/domain/sales/money";

/**
 * Cleaning one cell of an imported file. Pure functions, one per kind of value: each returns the
 * value as stored, or an error naming what is wrong (shown to the user in plain language).
 */

export type Normalised<T> = { ok: true; value: T } | { ok: false; error: CellErrorKind };

export type CellErrorKind =
  | "email"
  | "phone"
  | "date"
  | "postal_code"
  | "siret"
  | "number"
  | "money"
  | "vat_rate"
  | "choice"
  | "boolean"
  | "website"
  | "too_long";

const ok = <T>(value: T): Normalised<T> => ({ ok: true, value });
const fail = <T>(error: CellErrorKind): Normalised<T> => ({ ok: false, error });

/** Trimmed, inner runs of spaces (incl. no-break spaces) made one; line breaks kept inside notes only. */
export function cleanText(value: string, options: { multiline?: boolean } = {}): string {
  const trimmed = value.replace(/^[\s\u00a0\u202f]+|[\s\u00a0\u202f]+$/g, "");
  if (options.multiline) return trimmed.replace(/\r\n?/g, "\n").replace(/[ \t\u00a0\u202f]+/g, " ");
  return trimmed.replace(/[\s\u00a0\u202f]+/g, " ");
}

const emailPattern = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.[a-z]{2,63}$/;

/** Lower-cased and checked; "" stays "" (no address). "Mailto:" and angle brackets are removed. */
export function normaliseEmail(raw: string): Normalised<string> {
  const value = cleanText(raw).replace(/^mailto:/i, "").replace(/^<|>$/g, "").toLowerCase();
  if (value === "") return ok("");
  if (value.length > 254 || !emailPattern.test(value) || value.includes("..")) return fail("email");
  return ok(value);
}

/** In E.164 ("+33612345678"), national numbers read in `country` (FR by default); "" stays "". */
export function normalisePhoneNumber(raw: string, country: CountryCode = "FR"): Normalised<string> {
  const value = cleanText(raw);
  if (value === "") return ok("");
  // Excel drops the leading zero of a French number typed as a number: "612345678".
  const digits = value.replace(/[\s.\-/()]/g, "");
  const candidate = country === "FR" && /^[1-9]\d{8}$/.test(digits) ? `0${digits}` : value.replace(/\(0\)/g, "");
  const parsed = parsePhoneNumberFromString(candidate, country);
  if (!parsed || !parsed.isValid()) return fail("phone");
  return ok(parsed.number);
}

/** Excel's day 0 is 1899-12-30 (its 1900 leap-year bug included). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * A date as YYYY-MM-DD: French day-first writing (05/12/2026, 5/12/26, 05-12-2026, 05.12.2026),
 * ISO (2026-12-05, with or without a time), and, for a spreadsheet cell, Excel's day number
 * (46361). Two-digit years are 20xx up to 69, 19xx from 70.
 */
export function normaliseDate(raw: string, options: { spreadsheet?: boolean } = {}): Normalised<string> {
  const value = cleanText(raw);
  if (value === "") return ok("");
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+Z?)?$/.exec(value);
  if (match) return orFail(isoDate(Number(match[1]), Number(match[2]), Number(match[3])), "date");
  match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?: [\d:]+)?$/.exec(value);
  if (match) {
    let year = Number(match[3]);
    if (match[3].length === 2) year += year < 70 ? 2000 : 1900;
    return orFail(isoDate(year, Number(match[2]), Number(match[1])), "date");
  }
  if (options.spreadsheet && /^\d{1,6}(?:\.\d+)?$/.test(value)) {
    const serial = Math.floor(Number(value));
    if (serial >= 1 && serial < 110_000) return ok(new Date(EXCEL_EPOCH_MS + serial * 86_400_000).toISOString().slice(0, 10));
  }
  return fail("date");
}

function orFail(value: string | null, error: CellErrorKind): Normalised<string> {
  return value === null ? fail(error) : ok(value);
}

/**
 * A postal code as text. French codes are five digits: a four-digit "1000" (Excel read 01000 as a
 * number) gets its zero back; Corsica's 2A/2B are kept. Other countries: trimmed and upper-cased.
 */
export function normalisePostalCode(raw: string, country = "FR"): Normalised<string> {
  const value = cleanText(raw).toUpperCase();
  if (value === "") return ok("");
  if (country !== "FR") return value.length <= 12 ? ok(value) : fail("postal_code");
  const compact = value.replace(/\s/g, "");
  if (/^\d{4}$/.test(compact)) return ok(`0${compact}`);
  if (/^\d{5}$/.test(compact) || /^2[AB]\d{3}$/.test(compact)) return ok(compact);
  return fail("postal_code");
}

/** The Luhn check (ISO/IEC 7812) SIREN and SIRET numbers carry. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** La Poste's SIREN: its thousands of establishments outgrew the Luhn key; their SIRET sums to a multiple of 5. */
const LA_POSTE_SIREN = "356000000";

/** A SIREN (9 digits) or SIRET (14 digits), spaces and dots removed, checked; "" stays "". */
export function normaliseSiret(raw: string): Normalised<string> {
  const value = cleanText(raw).replace(/[\s.\u00a0-]/g, "");
  if (value === "") return ok("");
  if (!/^\d{9}$|^\d{14}$/.test(value)) return fail("siret");
  if (value.length === 14 && value.startsWith(LA_POSTE_SIREN) && !passesLuhn(value)) {
    const sum = [...value].reduce((total, digit) => total + Number(digit), 0);
    return sum % 5 === 0 ? ok(value) : fail("siret");
  }
  return passesLuhn(value) ? ok(value) : fail("siret");
}

/** The SIREN part of a SIREN or SIRET. */
export function sirenOf(siret: string): string {
  return siret.slice(0, 9);
}

/** Euros written by a person ("1 234,56 €", "1234.5") as integer cents; "" is null. */
export function normaliseMoney(raw: string): Normalised<number | null> {
  const value = cleanText(raw);
  if (value === "") return ok(null);
  const parsed = parseScaledDecimal(value, 2, { max: 999_999_999, suffix: /€$|EUR$/i });
  return parsed.ok ? ok(parsed.value) : fail("money");
}

/** A VAT rate ("20", "20 %", "5,5", "0.055" is not one) as basis points among the French rates. */
export function normaliseVatRate(raw: string): Normalised<number | null> {
  const value = cleanText(raw);
  if (value === "") return ok(null);
  const parsed = parseScaledDecimal(value, 2, { max: 10_000, suffix: "%" });
  if (!parsed.ok || ![2000, 1000, 550, 210, 0].includes(parsed.value)) return fail("vat_rate");
  return ok(parsed.value);
}

const yes = new Set(["oui", "o", "yes", "y", "vrai", "true", "1", "x", "actif", "active"]);
const no = new Set(["non", "n", "no", "faux", "false", "0", "inactif", "inactive"]);

export function normaliseBoolean(raw: string): Normalised<boolean | null> {
  const value = cleanText(raw).toLowerCase();
  if (value === "") return ok(null);
  if (yes.has(value)) return ok(true);
  if (no.has(value)) return ok(false);
  return fail("boolean");
}

/** A web address with its scheme ("garage-perrin.fr" → "https://garage-perrin.fr"). */
export function normaliseWebsite(raw: string): Normalised<string> {
  const value = cleanText(raw);
  if (value === "") return ok("");
  const withScheme = /^https?:\/\//i.test(value) ? value : `https://${value}`;
  try {
    const url = new URL(withScheme);
    if (!url.hostname.includes(".") || /\s/.test(value)) return fail("website");
    return ok(withScheme);
  } catch {
    return fail("website");
  }
}

/** Folded for comparing choices: "Industrie" = "industrie" = "INDUSTRIE ". */
export function choiceKey(value: string): string {
  return cleanText(value)
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}
