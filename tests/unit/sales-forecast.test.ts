import { describe, expect, it } from "vitest";
import { addMonths, monthKey, monthOf, monthsBetween, monthStart, parseMonthKey, quarterKey, quarterStartMonth } from "~/domain/sales/calendar-months";
import { addAmounts, averageDays, bucketOf, forecastPeriodFromParams, noAmounts, periodBoundaries, periodMonths, quartersOf, winRate } from "~/domain/sales/forecast";

const ZONE = "Europe/Paris";

describe("calendar months", () => {
  it.each([
    [{ year: 2026, month: 11 }, 3, { year: 2027, month: 2 }],
    [{ year: 2026, month: 1 }, -1, { year: 2025, month: 12 }],
    [{ year: 2026, month: 12 }, 12, { year: 2027, month: 12 }],
    [{ year: 2026, month: 6 }, -18, { year: 2024, month: 12 }],
  ])("%o + %i months = %o", (month, count, expected) => {
    expect(addMonths(month, count)).toEqual(expected);
    expect(monthsBetween(month, expected)).toBe(count);
  });

  it("reads the month an instant falls in, in the workspace's zone", () => {
    expect(monthOf(new Date("2026-03-31T22:30:00Z"), ZONE)).toEqual({ year: 2026, month: 4 });
    expect(monthOf(new Date("2026-12-31T22:59:00Z"), ZONE)).toEqual({ year: 2026, month: 12 });
    expect(monthStart({ year: 2026, month: 4 }, ZONE).toISOString()).toBe("2026-03-31T22:00:00.000Z");
  });

  it.each([
    [{ year: 2026, month: 1 }, "2026-T1", { year: 2026, month: 1 }],
    [{ year: 2026, month: 6 }, "2026-T2", { year: 2026, month: 4 }],
    [{ year: 2026, month: 9 }, "2026-T3", { year: 2026, month: 7 }],
    [{ year: 2026, month: 12 }, "2026-T4", { year: 2026, month: 10 }],
  ])("%o is in quarter %s", (month, key, start) => {
    expect(quarterKey(month)).toBe(key);
    expect(quarterStartMonth(month)).toEqual(start);
  });

  it.each([["2026-03", { year: 2026, month: 3 }], ["2026-13", null], ["26-03", null], ["", null], [null, null]])("parses %s", (text, month) => {
    expect(parseMonthKey(text)).toEqual(month);
    if (month) expect(monthKey(month)).toBe(text);
  });
});

describe("forecast periods", () => {
  const now = new Date("2026-05-10T12:00:00Z");
  const period = (query: string) => forecastPeriodFromParams(new URLSearchParams(query), now, ZONE);
  it.each([
    ["", "this_quarter", "2026-04", 3],
    ["periode=trimestre-prochain", "next_quarter", "2026-07", 3],
    ["periode=annee", "this_year", "2026-01", 12],
    ["periode=personnalisee&de=2025-11&a=2026-02", "custom", "2025-11", 4],
    ["periode=personnalisee&de=2026-06&a=2026-01", "custom", "2026-06", 1],
    ["periode=personnalisee&de=2024-01&a=2027-12", "custom", "2024-01", 24],
    ["periode=personnalisee", "custom", "2026-04", 1],
    ["periode=inconnue", "this_quarter", "2026-04", 3],
  ])("%s → %s from %s over %i months", (query, kind, first, months) => {
    const result = period(query);
    expect(result.kind).toBe(kind);
    expect(monthKey(result.first)).toBe(first);
    expect(result.months).toBe(months);
  });

  it("puts an instant in its local month's bucket, and nowhere outside the period", () => {
    const boundaries = periodBoundaries(period("periode=trimestre"), ZONE);
    expect(boundaries).toHaveLength(4);
    expect(bucketOf(new Date("2026-03-31T21:59:59Z"), boundaries)).toBeNull();
    expect(bucketOf(new Date("2026-03-31T22:00:00Z"), boundaries)).toBe(0);
    expect(bucketOf(new Date("2026-05-31T22:30:00Z"), boundaries)).toBe(2);
    expect(bucketOf(new Date("2026-06-30T22:00:00Z"), boundaries)).toBeNull();
  });

  it("rolls months up into quarters", () => {
    const months = periodMonths(period("periode=personnalisee&de=2026-02&a=2026-04"));
    const byMonth = {
      "2026-02": addAmounts(noAmounts(), { openCount: 1, openCents: 101, weightedExact: 101 * 45 }),
      "2026-03": addAmounts(noAmounts(), { openCount: 1, openCents: 101, weightedExact: 101 * 45, wonCount: 2, wonCents: 500 }),
      "2026-04": addAmounts(noAmounts(), { openCount: 3, openCents: 900, weightedExact: 900 * 40 }),
    };
    // 45,45 cents twice: each month shows 45, the quarter 91 (not 90): weighted sums are exact, rounded once.
    expect(byMonth["2026-02"].weightedCents).toBe(45);
    expect(quartersOf(months, byMonth)).toEqual([
      { key: "2026-T1", months: ["2026-02", "2026-03"], amounts: { openCount: 2, openCents: 202, weightedExact: 9090, weightedCents: 91, wonCount: 2, wonCents: 500 } },
      { key: "2026-T2", months: ["2026-04"], amounts: { openCount: 3, openCents: 900, weightedExact: 36_000, weightedCents: 360, wonCount: 0, wonCents: 0 } },
    ]);
  });

  it.each([
    [3, 1, 0.75],
    [0, 4, 0],
    [2, 0, 1],
    [0, 0, null],
  ])("win rate of %i won and %i lost is %s", (won, lost, rate) => {
    expect(winRate(won, lost)).toBe(rate);
  });

  it.each([
    [3 * 86_400_000 + 12 * 3_600_000, 1, 3.5],
    [10 * 86_400_000, 3, 3.3],
    [0, 0, null],
  ])("mean of %i ms over %i deals is %s days", (total, count, days) => {
    expect(averageDays(total, count)).toBe(days);
  });
});
