import { describe, expect, it } from "vitest";
import {
  bpsToInput,
  centsToInput,
  divideRoundHalfAwayFromZero,
  documentTotals,
  formatCents,
  formatPercent,
  formatQuantity,
  lineDiscountCents,
  lineTotalExclCents,
  parseAmountCents,
  parsePercentBps,
  parseQuantityMilli,
  parseVatRateBps,
  quantityToInput,
  totalsFitStorage,
  type MoneyLine,
} from "~/domain/sales/money";

/** Money on quotes: integer cents, basis points, thousandths; rounding once per line and once per VAT rate. */

const line = (quantityMilli: number, unitPriceCents: number, discountBps = 0, vatRateBps = 2000): MoneyLine => ({ quantityMilli, unitPriceCents, discountBps, vatRateBps });

describe("reading amounts, quantities and rates as people type them", () => {
  it.each([
    ["1 234,56", 123_456],
    ["1\u202f234,56\u00a0€", 123_456],
    ["1234.5", 123_450],
    ["1.234,56", 123_456],
    ["1,234.56", 123_456],
    ["12", 1_200],
    ["12 €", 1_200],
    ["€12.30", 1_230],
    [",5", 50],
    ["0,1", 10],
    ["0,2", 20],
    ["1 200 EUR", 120_000],
    ["12,3400", 1_234],
    ["-0", 0],
    ["9 999 999,99", 999_999_999],
  ])("amount %j → %i cents", (text, cents) => {
    expect(parseAmountCents(text)).toEqual({ ok: true, value: cents });
  });

  it.each([
    ["", "sales.money.invalid"],
    ["abc", "sales.money.invalid"],
    ["1,2,3", "sales.money.invalid"],
    ["12.34.56", "sales.money.invalid"],
    ["1.23,4.5", "sales.money.invalid"],
    ["12,345", "sales.money.ambiguous"],
    ["1.500", "sales.money.ambiguous"],
    ["12,340", "sales.money.ambiguous"],
    ["1234,567", "sales.money.tooManyDecimals"],
    ["0,001", "sales.money.tooManyDecimals"],
    ["-5", "sales.money.negative"],
    ["−12,50", "sales.money.negative"],
    ["10 000 000", "sales.money.tooLarge"],
  ])("amount %j is refused (%s)", (text, error) => {
    expect(parseAmountCents(text)).toEqual({ ok: false, error });
  });

  it.each([
    ["1,5", 1_500],
    ["3", 3_000],
    ["0,333", 333],
    ["1 000", 1_000_000],
  ])("quantity %j → %i thousandths", (text, milli) => {
    expect(parseQuantityMilli(text)).toEqual({ ok: true, value: milli });
  });

  it.each([
    ["0", "sales.money.invalid"],
    ["0,0001", "sales.money.tooManyDecimals"],
    ["-1", "sales.money.negative"],
    ["1 000 000", "sales.money.tooLarge"],
  ])("quantity %j is refused (%s)", (text, error) => {
    expect(parseQuantityMilli(text)).toEqual({ ok: false, error });
  });

  it.each([
    ["12 %", 1_200],
    ["5,5", 550],
    ["5.5%", 550],
    ["100", 10_000],
    ["0", 0],
    ["33,33 %", 3_333],
  ])("percentage %j → %i basis points", (text, bps) => {
    expect(parsePercentBps(text)).toEqual({ ok: true, value: bps });
  });

  it.each([
    ["100,01", "sales.money.tooLarge"],
    ["33,333", "sales.money.tooManyDecimals"],
    ["-10 %", "sales.money.negative"],
  ])("percentage %j is refused (%s)", (text, error) => {
    expect(parsePercentBps(text)).toEqual({ ok: false, error });
  });

  it.each([
    ["2000", 2000],
    ["20 %", 2000],
    ["10", 1000],
    ["5,5 %", 550],
    ["550", 550],
    ["2,1", 210],
    ["0", 0],
  ])("VAT rate %j → %i", (text, bps) => {
    expect(parseVatRateBps(text)).toEqual({ ok: true, value: bps });
  });

  it.each(["19,6", "7", "-20", "abc", "8,5"])("VAT rate %j is not a French rate", (text) => {
    expect(parseVatRateBps(text)).toEqual({ ok: false, error: "sales.money.invalid" });
  });
});

describe("a line's total excl. VAT, rounded to the cent once, halves away from zero", () => {
  it.each([
    // [quantity (thousandths), unit price (cents), discount (bps), expected cents, why]
    [1_000, 10, 0, 10, "0,10 €"],
    [1_000, 20, 0, 20, "0,20 €"],
    [3_000, 10, 0, 30, "0,1 × 3 is 0,30 exactly, not 0.30000000000000004"],
    [333, 1_001, 0, 333, "a third of 10,01 € = 3,33333 → 3,33"],
    [500, 1, 0, 1, "0,005 € rounds up (half away from zero)"],
    [1_500, 3, 0, 5, "0,045 € → 0,05 (banker's rounding would give 0,04)"],
    [1_000, 999, 5_000, 500, "half of 9,99 € = 4,995 → 5,00"],
    [3_000, 10_000, 3_333, 20_001, "3 × 100 € − 33,33 % = 200,01 €"],
    [2_500, 8_500, 1_000, 19_125, "2,5 h at 85 € − 10 %"],
    [1_000, 12_345, 10_000, 0, "a 100 % discount"],
    [7_000, 1_999, 1_250, 12_244, "7 × 19,99 € − 12,5 % = 122,43875 → 122,44"],
  ])("%i × %i cents − %i bps = %i cents (%s)", (quantityMilli, unitPriceCents, discountBps, expected) => {
    expect(lineTotalExclCents({ quantityMilli, unitPriceCents, discountBps })).toBe(expected);
  });

  it("gives the discount as gross − net, so the PDF's columns add up", () => {
    expect(lineDiscountCents({ quantityMilli: 7_000, unitPriceCents: 1_999, discountBps: 1_250 })).toBe(13_993 - 12_244);
    expect(lineDiscountCents({ quantityMilli: 1_000, unitPriceCents: 12_345, discountBps: 10_000 })).toBe(12_345);
  });

  it("stays exact on amounts far beyond what a float holds to the cent", () => {
    // 999 999,999 × 9 999 999,99 € = 9 999 999 980 000,000 01 € → 999 999 998 000 000 cents
    expect(lineTotalExclCents({ quantityMilli: 999_999_999, unitPriceCents: 999_999_999, discountBps: 0 })).toBe(999_999_998_000_000);
    expect(totalsFitStorage(documentTotals([line(999_999_999, 999_999_999)]))).toBe(false);
    expect(totalsFitStorage(documentTotals([line(1_000, 1_000_000_00)]))).toBe(true);
  });

  it("refuses negative or fractional inputs instead of computing nonsense", () => {
    expect(() => lineTotalExclCents({ quantityMilli: -1_000, unitPriceCents: 100, discountBps: 0 })).toThrow(RangeError);
    expect(() => lineTotalExclCents({ quantityMilli: 1_000, unitPriceCents: -100, discountBps: 0 })).toThrow(RangeError);
    expect(() => lineTotalExclCents({ quantityMilli: 1_000, unitPriceCents: 10.5, discountBps: 0 })).toThrow(RangeError);
    expect(() => lineTotalExclCents({ quantityMilli: 1_000, unitPriceCents: 100, discountBps: 10_001 })).toThrow(RangeError);
    expect(() => documentTotals([line(1_000, 100, 0, 1_960)])).toThrow(RangeError);
  });

  it.each([
    [5n, 2n, 3n],
    [-5n, 2n, -3n],
    [4n, 3n, 1n],
    [-4n, 3n, -1n],
    [7n, -2n, -4n],
  ])("rounds %i / %i to %i", (numerator, denominator, expected) => {
    expect(divideRoundHalfAwayFromZero(numerator, denominator)).toBe(expected);
  });
});

describe("document totals: VAT per rate on the sum of the rate's lines, rounded once per rate", () => {
  it.each([
    {
      name: "5,5 % on odd cents: 1,00 € → 0,055 € → 0,06 €",
      lines: [line(1_000, 100, 0, 550)],
      excl: 100,
      vat: [{ rateBps: 550, baseCents: 100, vatCents: 6 }],
    },
    {
      name: "5,5 % on 9,99 € = 0,54945 € → 0,55 €",
      lines: [line(1_000, 999, 0, 550)],
      excl: 999,
      vat: [{ rateBps: 550, baseCents: 999, vatCents: 55 }],
    },
    {
      name: "three lines of 0,05 € at 5,5 %: 0 VAT each, but 0,01 € on their sum",
      lines: [line(1_000, 5, 0, 550), line(1_000, 5, 0, 550), line(1_000, 5, 0, 550)],
      excl: 15,
      vat: [{ rateBps: 550, baseCents: 15, vatCents: 1 }],
    },
    {
      name: "2,1 % on 10,01 € = 0,21021 → 0,21",
      lines: [line(1_000, 1_001, 0, 210)],
      excl: 1_001,
      vat: [{ rateBps: 210, baseCents: 1_001, vatCents: 21 }],
    },
    {
      name: "the issue's quote: two products at 20 % and 5,5 %, one discounted line",
      lines: [line(2_000, 94_900, 0, 2000), line(10_000, 3_500, 1_000, 550), line(1_500, 8_500, 500, 2000)],
      // 1 898,00 + (350,00 − 10 % = 315,00) + (127,50 − 5 % = 121,125 → 121,13)
      excl: 189_800 + 31_500 + 12_113,
      vat: [
        { rateBps: 2000, baseCents: 189_800 + 12_113, vatCents: 40_383 }, // 2 019,13 × 20 % = 403,826 → 403,83
        { rateBps: 550, baseCents: 31_500, vatCents: 1_733 }, // 315,00 × 5,5 % = 17,325 → 17,33
      ],
    },
    {
      name: "every rate at once, listed highest first, 0 % included",
      lines: [line(1_000, 1_000, 0, 0), line(1_000, 1_000, 0, 210), line(1_000, 1_000, 0, 2000), line(1_000, 1_000, 0, 550), line(1_000, 1_000, 0, 1000)],
      excl: 5_000,
      vat: [
        { rateBps: 2000, baseCents: 1_000, vatCents: 200 },
        { rateBps: 1000, baseCents: 1_000, vatCents: 100 },
        { rateBps: 550, baseCents: 1_000, vatCents: 55 },
        { rateBps: 210, baseCents: 1_000, vatCents: 21 },
        { rateBps: 0, baseCents: 1_000, vatCents: 0 },
      ],
    },
    {
      name: "a fully discounted line still shows its rate with a zero base",
      lines: [line(1_000, 50_000, 10_000, 2000)],
      excl: 0,
      vat: [{ rateBps: 2000, baseCents: 0, vatCents: 0 }],
    },
  ])("$name", ({ lines, excl, vat }) => {
    const totals = documentTotals(lines);
    expect(totals.totalExclCents).toBe(excl);
    expect(totals.vatByRate).toEqual(vat);
    const vatSum = vat.reduce((sum, rate) => sum + rate.vatCents, 0);
    expect(totals.totalVatCents).toBe(vatSum);
    expect(totals.totalInclCents).toBe(excl + vatSum);
    expect(totals.lineTotalsCents.reduce((sum, total) => sum + total, 0)).toBe(excl);
  });

  it("has no line and no VAT for an empty quote", () => {
    expect(documentTotals([])).toEqual({ lineTotalsCents: [], totalExclCents: 0, vatByRate: [], totalVatCents: 0, totalInclCents: 0 });
  });
});

describe("writing amounts back, fr-FR and en", () => {
  it.each([
    [123_456, "fr", "1\u202f234,56\u00a0€"],
    [5, "fr", "0,05\u00a0€"],
    [100_000_000_000, "fr", "1\u202f000\u202f000\u202f000,00\u00a0€"],
    [123_456, "en", "€1,234.56"],
  ] as const)("%i cents in %s → %j", (cents, locale, text) => {
    expect(formatCents(cents, locale)).toBe(text);
  });

  it("uses only characters the PDF fonts hold when asked", () => {
    expect(formatCents(123_456, "fr", { forPdf: true })).toBe("1\u00a0234,56\u00a0€");
    expect(formatQuantity(1_234_500, "fr", { forPdf: true })).toBe("1\u00a0234,5");
  });

  it("writes rates, quantities and form values", () => {
    expect(formatPercent(550)).toBe("5,5\u00a0%");
    expect(formatPercent(2000, "en")).toBe("20%");
    expect(formatQuantity(1_500)).toBe("1,5");
    expect(formatQuantity(333, "en")).toBe("0.333");
    expect(centsToInput(123_450)).toBe("1234,50");
    expect(centsToInput(1_200, "en")).toBe("12.00");
    expect(quantityToInput(1_500)).toBe("1,5");
    expect(quantityToInput(2_000)).toBe("2");
    expect(bpsToInput(550)).toBe("5,5");
    expect(bpsToInput(1_000)).toBe("10");
    // What is written back reads back to the same value.
    for (const cents of [0, 1, 10, 99, 123_456, 999_999_999]) expect(parseAmountCents(centsToInput(cents))).toEqual({ ok: true, value: cents });
  });
});
