import { describe, expect, it } from "vitest";
import { isoDate } from "~/domain/helpdesk/sla/business-calendar";
import {
  MAX_CUSTOM_DAYS,
  periodDays,
  periodFromParams,
  periodMonths,
  periodRange,
  periodToParams,
  previousPeriod,
  samePeriodLastYear,
  type ReportPeriod,
} from "~/domain/reporting/report-period";

const ZONE = "Europe/Paris";
const show = (period: ReportPeriod) => `${period.kind} ${isoDate(period.first)}..${isoDate(period.last)}`;
const at = (iso: string) => new Date(iso);

describe("the period in the address", () => {
  it.each([
    ["periode=semaine", "2026-12-07T10:00:00Z", "week 2026-12-07..2026-12-13"],
    ["periode=semaine", "2026-12-06T23:30:00Z", "week 2026-12-07..2026-12-13"], // Monday 00:30 in Paris
    ["periode=mois", "2026-12-07T10:00:00Z", "month 2026-12-01..2026-12-31"],
    ["", "2026-02-10T10:00:00Z", "month 2026-02-01..2026-02-28"],
    ["periode=mois", "2028-02-10T10:00:00Z", "month 2028-02-01..2028-02-29"],
    ["periode=trimestre", "2026-05-31T21:59:00Z", "quarter 2026-04-01..2026-06-30"],
    ["periode=trimestre", "2026-06-30T22:30:00Z", "quarter 2026-07-01..2026-09-30"], // 1 July in Paris
    ["periode=annee", "2026-12-31T23:30:00Z", "year 2027-01-01..2027-12-31"], // already 2027 in Paris
    ["periode=personnalisee&du=2026-03-20&au=2026-03-02", "2026-12-07T10:00:00Z", "custom 2026-03-02..2026-03-20"],
    ["periode=personnalisee&du=2026-03-20", "2026-12-07T10:00:00Z", "month 2026-12-01..2026-12-31"],
    ["periode=nimportequoi", "2026-12-07T10:00:00Z", "month 2026-12-01..2026-12-31"],
  ])("%s at %s → %s", (query, now, expected) => {
    expect(show(periodFromParams(new URLSearchParams(query), at(now), ZONE))).toBe(expected);
  });

  it("cuts a custom period at two years, and writes every period back as it reads it", () => {
    const long = periodFromParams(new URLSearchParams("periode=personnalisee&du=2020-01-01&au=2026-01-01"), at("2026-12-07T10:00:00Z"), ZONE);
    expect(periodDays(long)).toHaveLength(MAX_CUSTOM_DAYS);
    for (const query of ["periode=semaine", "periode=mois", "periode=trimestre", "periode=annee", "periode=personnalisee&du=2026-03-02&au=2026-03-20"]) {
      const period = periodFromParams(new URLSearchParams(query), at("2026-12-07T10:00:00Z"), ZONE);
      expect(periodFromParams(periodToParams(period), at("2026-12-07T10:00:00Z"), ZONE)).toEqual(period);
    }
  });
});

describe("comparisons", () => {
  const period = (kind: ReportPeriod["kind"], first: string, last: string): ReportPeriod => {
    const [y1, m1, d1] = first.split("-").map(Number);
    const [y2, m2, d2] = last.split("-").map(Number);
    return { kind, first: { year: y1, month: m1, day: d1 }, last: { year: y2, month: m2, day: d2 } };
  };

  it.each([
    [period("week", "2026-12-07", "2026-12-13"), "week 2026-11-30..2026-12-06", "week 2025-12-08..2025-12-14"],
    [period("month", "2026-03-01", "2026-03-31"), "month 2026-02-01..2026-02-28", "month 2025-03-01..2025-03-31"],
    [period("month", "2026-01-01", "2026-01-31"), "month 2025-12-01..2025-12-31", "month 2025-01-01..2025-01-31"],
    [period("quarter", "2026-01-01", "2026-03-31"), "quarter 2025-10-01..2025-12-31", "quarter 2025-01-01..2025-03-31"],
    [period("year", "2026-01-01", "2026-12-31"), "year 2025-01-01..2025-12-31", "year 2025-01-01..2025-12-31"],
    [period("custom", "2026-03-10", "2026-03-19"), "custom 2026-02-28..2026-03-09", "custom 2025-03-10..2025-03-19"],
    [period("custom", "2028-02-29", "2028-03-01"), "custom 2028-02-27..2028-02-28", "custom 2027-02-28..2027-03-01"],
  ])("%o: previous %s, last year %s", (current, previous, lastYear) => {
    expect(show(previousPeriod(current))).toBe(previous);
    expect(show(samePeriodLastYear(current))).toBe(lastYear);
  });
});

describe("as instants and series", () => {
  it("is exactly its local days, clock changes included", () => {
    // The week of the change to summer time (29 March 2026) has 167 hours; the autumn one 169.
    const spring = periodFromParams(new URLSearchParams("periode=semaine"), at("2026-03-25T12:00:00Z"), ZONE);
    const autumn = periodFromParams(new URLSearchParams("periode=semaine"), at("2026-10-21T12:00:00Z"), ZONE);
    const hours = (range: { from: Date; to: Date }) => (range.to.getTime() - range.from.getTime()) / 3_600_000;
    expect(periodRange(spring, ZONE)).toEqual({ from: at("2026-03-22T23:00:00Z"), to: at("2026-03-29T22:00:00Z") });
    expect(hours(periodRange(spring, ZONE))).toBe(167);
    expect(hours(periodRange(autumn, ZONE))).toBe(169);
    expect(periodDays(spring)).toHaveLength(7);
  });

  it("lists the months a period touches", () => {
    const custom = periodFromParams(new URLSearchParams("periode=personnalisee&du=2026-01-15&au=2026-03-02"), at("2026-12-07T10:00:00Z"), ZONE);
    expect(periodMonths(custom).map(isoDate)).toEqual(["2026-01-01", "2026-02-01", "2026-03-01"]);
  });
});
