/**
 * Money on quotes and orders, exactly: amounts are integer cents, VAT rates and discounts basis
 * points (20 % = 2000), quantities thousandths (1,5 h = 1500). Pure and shared by the server
 * (which stores what it computes) and the quote editor (which shows live totals with the same
 * code), so the page never disagrees with the PDF.
 *
 * - A line's total excl. VAT is quantity × unit price − discount, rounded to the cent once, half
 *   away from zero, computed in BigInt: no float ever touches a price.
 * - VAT is computed per rate on the sum of that rate's lines, rounded once per rate (the French
 *   practice on an invoice or quote: "base HT par taux").
 * - Parsing accepts French and English writing ("1 234,56", "1234.5", "12 %") and refuses
 *   negatives, more decimals than the unit holds and values beyond what a row can store.
 */

/** The VAT rates of the French price list, highest first: 20 %, 10 %, 5,5 %, 2,1 %, 0 %. */
export const vatRatesBps = [2000, 1000, 550, 210, 0] as const;
export type VatRateBps = (typeof vatRatesBps)[number];

export function isVatRate(value: number): value is VatRateBps {
  return (vatRatesBps as readonly number[]).includes(value);
}

/** Units of the price list and of quote lines. */
export const productUnits = ["unit", "hour", "day", "month", "year", "flat"] as const;
export type ProductUnit = (typeof productUnits)[number];

/** The largest amount a row stores (32-bit integer cents: 21 474 836,47 €). */
export const MAX_STORED_CENTS = 2_147_483_647;
/** Caps on what a line may hold, so that a line total and a quote total always fit a row. */
export const MAX_UNIT_PRICE_CENTS = 999_999_999; // 9 999 999,99 €
export const MAX_QUANTITY_MILLI = 999_999_999; // 999 999,999

export const FULL_DISCOUNT_BPS = 10_000;

export type ParseError = "sales.money.invalid" | "sales.money.negative" | "sales.money.tooManyDecimals" | "sales.money.tooLarge" | "sales.money.ambiguous";
export type Parsed = { ok: true; value: number } | { ok: false; error: ParseError };

const ok = (value: number): Parsed => ({ ok: true, value });
const fail = (error: ParseError): Parsed => ({ ok: false, error });

/**
 * Reads a decimal written by a person and returns it scaled by 10^`decimals` as an integer:
 * spaces (including no-break spaces) group thousands, "," or "." is the decimal mark; with both,
 * the last one is the decimal mark ("1.234,56" and "1,234.56"). A trailing unit such as "€" or
 * "%" is allowed when `suffix` names it.
 */
export function parseScaledDecimal(input: string, decimals: number, options: { max: number; suffix?: string | RegExp; refuseGroupLike?: boolean }): Parsed {
  let text = input.replace(/[\s\u00a0\u202f\u2009]+/g, "");
  if (typeof options.suffix === "string" && text.endsWith(options.suffix)) text = text.slice(0, -options.suffix.length);
  else if (options.suffix instanceof RegExp) text = text.replace(options.suffix, "");
  if (options.suffix instanceof RegExp && text.startsWith("€")) text = text.slice(1);
  if (text === "") return fail("sales.money.invalid");
  let negative = false;
  if (text.startsWith("-") || text.startsWith("−")) {
    negative = true;
    text = text.slice(1);
  } else if (text.startsWith("+")) text = text.slice(1);
  const lastComma = text.lastIndexOf(",");
  const lastDot = text.lastIndexOf(".");
  let integerPart: string;
  let fraction = "";
  if (lastComma >= 0 && lastDot >= 0) {
    const decimalAt = Math.max(lastComma, lastDot);
    const groupMark = lastComma > lastDot ? "." : ",";
    const whole = text.slice(0, decimalAt);
    const grouped = groupMark === "." ? /^\d{1,3}(\.\d{3})+$/ : /^\d{1,3}(,\d{3})+$/;
    if (!grouped.test(whole)) return fail("sales.money.invalid");
    integerPart = whole.split(groupMark).join("");
    fraction = text.slice(decimalAt + 1);
  } else if (lastComma >= 0 || lastDot >= 0) {
    const mark = lastComma >= 0 ? "," : ".";
    const parts = text.split(mark);
    if (parts.length !== 2) return fail("sales.money.invalid");
    [integerPart, fraction] = parts as [string, string];
    // "1.500" or "1,500": a thousands group (French exports) or three decimals? Too costly to guess.
    if (options.refuseGroupLike && /^[1-9]\d{0,2}$/.test(integerPart) && /^\d{3}$/.test(fraction)) return fail("sales.money.ambiguous");
  } else {
    integerPart = text;
  }
  if (!/^\d*$/.test(integerPart) || !/^\d*$/.test(fraction) || (integerPart === "" && fraction === "")) return fail("sales.money.invalid");
  if (negative && /[1-9]/.test(integerPart + fraction)) return fail("sales.money.negative");
  if (fraction.length > decimals) {
    // "12,50" for a whole number of basis points is fine: only significant digits count.
    if (/[1-9]/.test(fraction.slice(decimals))) return fail("sales.money.tooManyDecimals");
    fraction = fraction.slice(0, decimals);
  }
  const scaled = BigInt(integerPart || "0") * 10n ** BigInt(decimals) + BigInt((fraction + "0".repeat(decimals)).slice(0, decimals) || "0");
  if (scaled > BigInt(options.max)) return fail("sales.money.tooLarge");
  return ok(Number(scaled));
}

/**
 * "1 234,56" / "1234.5" / "12 €" / "1 200 EUR" → cents. "1.500" and "1,500" are refused as
 * ambiguous (fifteen hundred in a French export, one and a half elsewhere).
 */
export function parseAmountCents(input: string, max = MAX_UNIT_PRICE_CENTS): Parsed {
  return parseScaledDecimal(input, 2, { max, suffix: /(?:€|eur|euros?)$/i, refuseGroupLike: true });
}

/** "1,5" → 1500 thousandths; zero is refused (a line of nothing). */
export function parseQuantityMilli(input: string): Parsed {
  const parsed = parseScaledDecimal(input, 3, { max: MAX_QUANTITY_MILLI });
  if (parsed.ok && parsed.value === 0) return fail("sales.money.invalid");
  return parsed;
}

/** "12 %" / "5,5" → basis points (1200 / 550), at most 100 %. */
export function parsePercentBps(input: string): Parsed {
  return parseScaledDecimal(input, 2, { max: FULL_DISCOUNT_BPS, suffix: "%" });
}

/** A VAT rate as typed ("5,5 %") or as the editor's select sends it ("550"); only the five French rates. */
export function parseVatRateBps(input: string): Parsed {
  const text = input.trim();
  if (/^\d+$/.test(text) && isVatRate(Number(text))) return ok(Number(text));
  const percent = parsePercentBps(text);
  if (percent.ok && isVatRate(percent.value)) return percent;
  return fail("sales.money.invalid");
}

// ───────────────────────────── exact arithmetic ─────────────────────────────

/** numerator / denominator rounded to the nearest integer, halves away from zero. */
export function divideRoundHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError("division by zero");
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (2n * n + d) / (2n * d);
  return negative ? -quotient : quotient;
}

export type MoneyLine = { quantityMilli: number; unitPriceCents: number; discountBps: number; vatRateBps: number };

/** quantity × unit price × (1 − discount), rounded to the cent once. */
export function lineTotalExclCents(line: Pick<MoneyLine, "quantityMilli" | "unitPriceCents" | "discountBps">): number {
  assertNonNegativeInteger(line.quantityMilli, "quantityMilli");
  assertNonNegativeInteger(line.unitPriceCents, "unitPriceCents");
  assertNonNegativeInteger(line.discountBps, "discountBps");
  if (line.discountBps > FULL_DISCOUNT_BPS) throw new RangeError("discountBps above 100 %");
  const numerator = BigInt(line.quantityMilli) * BigInt(line.unitPriceCents) * BigInt(FULL_DISCOUNT_BPS - line.discountBps);
  return Number(divideRoundHalfAwayFromZero(numerator, 1000n * BigInt(FULL_DISCOUNT_BPS)));
}

/** The discount a line gives, in cents (gross − net, each exact to the cent as shown on the PDF). */
export function lineDiscountCents(line: Pick<MoneyLine, "quantityMilli" | "unitPriceCents" | "discountBps">): number {
  const gross = Number(divideRoundHalfAwayFromZero(BigInt(line.quantityMilli) * BigInt(line.unitPriceCents), 1000n));
  return gross - lineTotalExclCents(line);
}

export type VatBreakdown = { rateBps: number; baseCents: number; vatCents: number };
export type DocumentTotals = {
  lineTotalsCents: number[];
  totalExclCents: number;
  /** One entry per rate used, highest rate first. */
  vatByRate: VatBreakdown[];
  totalVatCents: number;
  totalInclCents: number;
};

/** Totals of a quote: each line rounded once, VAT per rate on the sum of its lines, rounded once per rate. */
export function documentTotals(lines: MoneyLine[]): DocumentTotals {
  const lineTotals = lines.map((line) => {
    if (!isVatRate(line.vatRateBps)) throw new RangeError(`unknown VAT rate ${line.vatRateBps}`);
    return BigInt(lineTotalExclCents(line));
  });
  const bases = new Map<number, bigint>();
  lines.forEach((line, index) => bases.set(line.vatRateBps, (bases.get(line.vatRateBps) ?? 0n) + lineTotals[index]!));
  const vatByRate = [...bases.entries()]
    .sort(([a], [b]) => b - a)
    .map(([rateBps, base]) => ({ rateBps, base, vat: divideRoundHalfAwayFromZero(base * BigInt(rateBps), BigInt(FULL_DISCOUNT_BPS)) }));
  const totalExcl = lineTotals.reduce((sum, total) => sum + total, 0n);
  const totalVat = vatByRate.reduce((sum, rate) => sum + rate.vat, 0n);
  return {
    lineTotalsCents: lineTotals.map(Number),
    totalExclCents: Number(totalExcl),
    vatByRate: vatByRate.map((rate) => ({ rateBps: rate.rateBps, baseCents: Number(rate.base), vatCents: Number(rate.vat) })),
    totalVatCents: Number(totalVat),
    totalInclCents: Number(totalExcl + totalVat),
  };
}

/** True when every amount of the totals fits a row (a quote of 100 lines at the maximum price does not). */
export function totalsFitStorage(totals: DocumentTotals): boolean {
  return totals.totalInclCents <= MAX_STORED_CENTS && totals.lineTotalsCents.every((total) => total <= MAX_STORED_CENTS);
}

function assertNonNegativeInteger(value: number, name: string) {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
}

// ───────────────────────────── writing them back ─────────────────────────────

type Locale = "fr" | "en";

function splitScaled(value: number, decimals: number): { sign: string; whole: string; fraction: string } {
  const scaled = BigInt(value);
  const negative = scaled < 0n;
  const magnitude = negative ? -scaled : scaled;
  const factor = 10n ** BigInt(decimals);
  return { sign: negative ? "-" : "", whole: (magnitude / factor).toString(), fraction: (magnitude % factor).toString().padStart(decimals, "0") };
}

/** A value as an editable input ("1234,56" in French, "1234.56" in English); trailing zeros kept to `keep` decimals. */
function inputValue(value: number, decimals: number, keep: number, locale: Locale): string {
  const { sign, whole, fraction } = splitScaled(value, decimals);
  let digits = fraction;
  while (digits.length > keep && digits.endsWith("0")) digits = digits.slice(0, -1);
  return digits ? `${sign}${whole}${locale === "fr" ? "," : "."}${digits}` : `${sign}${whole}`;
}

export const centsToInput = (cents: number, locale: Locale = "fr") => inputValue(cents, 2, 2, locale);

/** "12 500,50" (thousands grouped with plain spaces, the way a deal's amount field shows it); "" for 0. */
export function centsToGroupedInput(cents: number): string {
  if (!cents) return "";
  const { sign, whole, fraction } = splitScaled(cents, 2);
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  return fraction === "00" ? `${sign}${grouped}` : `${sign}${grouped},${fraction}`;
}

/** Euros for display formatters (Intl): exact for every amount we store (at most 2^31 cents). */
export function centsToEuros(cents: number): number {
  return cents / 100;
}
export const quantityToInput = (milli: number, locale: Locale = "fr") => inputValue(milli, 3, 0, locale);
export const bpsToInput = (bps: number, locale: Locale = "fr") => inputValue(bps, 2, 0, locale);

const euroFormats = new Map<Locale, Intl.NumberFormat>();
const decimalFormats = new Map<string, Intl.NumberFormat>();

/**
 * Cents as euros, exactly ("1 234,56 €" in French): the number reaches Intl as a decimal string,
 * never as a float. `forPdf` replaces the narrow no-break space French grouping uses (absent from
 * the PDF's standard fonts) with a plain no-break space.
 */
export function formatCents(cents: number, locale: Locale = "fr", options: { forPdf?: boolean } = {}): string {
  let format = euroFormats.get(locale);
  if (!format) euroFormats.set(locale, (format = new Intl.NumberFormat(locale === "fr" ? "fr-FR" : "en-GB", { style: "currency", currency: "EUR" })));
  const { sign, whole, fraction } = splitScaled(cents, 2);
  const text = format.format(`${sign}${whole}.${fraction}` as unknown as number);
  return options.forPdf ? pdfSafe(text) : text;
}

function formatScaled(value: number, decimals: number, locale: Locale, forPdf: boolean): string {
  const key = `${locale}:${decimals}`;
  let format = decimalFormats.get(key);
  if (!format) decimalFormats.set(key, (format = new Intl.NumberFormat(locale === "fr" ? "fr-FR" : "en-GB", { maximumFractionDigits: decimals })));
  const { sign, whole, fraction } = splitScaled(value, decimals);
  const text = format.format(`${sign}${whole}.${fraction}` as unknown as number);
  return forPdf ? pdfSafe(text) : text;
}

/** 1500 → "1,5". */
export function formatQuantity(milli: number, locale: Locale = "fr", options: { forPdf?: boolean } = {}): string {
  return formatScaled(milli, 3, locale, options.forPdf ?? false);
}

/** 550 → "5,5 %" (French) / "5.5%" (English). */
export function formatPercent(bps: number, locale: Locale = "fr", options: { forPdf?: boolean } = {}): string {
  const number = formatScaled(bps, 2, locale, options.forPdf ?? false);
  return locale === "fr" ? `${number}\u00a0%` : `${number}%`;
}

/** The standard PDF fonts (WinAnsi) have no narrow no-break space (U+202F). */
export function pdfSafe(text: string): string {
  return text.replace(/\u202f/g, "\u00a0");
}
