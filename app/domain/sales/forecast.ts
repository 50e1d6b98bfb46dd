import { addMonths, type CalendarMonth, monthKey, monthOf, monthRange, monthStart, monthsBetween, parseMonthKey, quarterKey, quarterStartMonth } from "./calendar-months";

/**
 * The forecast's arithmetic, pure: which months a period covers, how month figures roll up into
 * quarters and totals, the win rate and the average cycle length. The figures themselves come
 * from SQL aggregates (forecast.server.ts).
 */

export const FORECAST_PERIODS = ["this_quarter", "next_quarter", "this_year", "custom"] as const;
export type ForecastPeriodKind = (typeof FORECAST_PERIODS)[number];
const periodParams: Record<ForecastPeriodKind, string> = { this_quarter: "trimestre", next_quarter: "trimestre-prochain", this_year: "annee", custom: "personnalisee" };

/** A custom period spans at most two years. */
export const MAX_FORECAST_MONTHS = 24;

export type ForecastPeriod = { kind: ForecastPeriodKind; first: CalendarMonth; months: number };

export function forecastPeriodParam(kind: ForecastPeriodKind): string {
  return periodParams[kind];
}

/**
 * The period in the URL (`?periode=trimestre|trimestre-prochain|annee|personnalisee&de=2026-01&a=2026-06`),
 * this quarter by default; a custom period with missing, reversed or too long months falls back
 * to its valid part (from `de`, at most 24 months).
 */
export function forecastPeriodFromParams(params: URLSearchParams, now: Date, timeZone: string): ForecastPeriod {
  const kind = (Object.entries(periodParams).find(([, value]) => value === params.get("periode"))?.[0] as ForecastPeriodKind | undefined) ?? "this_quarter";
  const current = monthOf(now, timeZone);
  const quarter = quarterStartMonth(current);
  switch (kind) {
    case "this_quarter":
      return { kind, first: quarter, months: 3 };
    case "next_quarter":
      return { kind, first: addMonths(quarter, 3), months: 3 };
    case "this_year":
      return { kind, first: { year: current.year, month: 1 }, months: 12 };
    case "custom": {
      const from = parseMonthKey(params.get("de")) ?? quarter;
      const to = parseMonthKey(params.get("a")) ?? from;
      const span = monthsBetween(from, to) + 1;
      return { kind, first: from, months: Math.min(MAX_FORECAST_MONTHS, Math.max(1, span)) };
    }
  }
}

export function periodMonths(period: ForecastPeriod): CalendarMonth[] {
  return monthRange(period.first, period.months);
}

/** The instants where the period's months start, and where the last one ends (months + 1 of them). */
export function periodBoundaries(period: ForecastPeriod, timeZone: string): Date[] {
  return monthRange(period.first, period.months + 1).map((month) => monthStart(month, timeZone));
}

/** What the forecast shows for a month, a quarter or a whole period. */
export type ForecastAmounts = {
  /** Open deals expected to close then: count, amount, amount × stage probability. */
  openCount: number;
  openCents: number;
  /**
   * Σ amount (cents) × stage probability (percent): the weighted amount in hundredths of a cent,
   * exact, so months add up to quarters and totals without rounding drift.
   */
  weightedExact: number;
  /** The weighted amount rounded to the cent, once (from `weightedExact`). */
  weightedCents: number;
  /** Deals won then (by their closing date). */
  wonCount: number;
  wonCents: number;
};

export const noAmounts = (): ForecastAmounts => ({ openCount: 0, openCents: 0, weightedExact: 0, weightedCents: 0, wonCount: 0, wonCents: 0 });

/** Sums figures; the weighted amount is summed exactly and rounded once. */
export function addAmounts(into: ForecastAmounts, more: Partial<Omit<ForecastAmounts, "weightedCents">>): ForecastAmounts {
  const weightedExact = into.weightedExact + (more.weightedExact ?? 0);
  return {
    openCount: into.openCount + (more.openCount ?? 0),
    openCents: into.openCents + (more.openCents ?? 0),
    weightedExact,
    weightedCents: Math.round(weightedExact / 100),
    wonCount: into.wonCount + (more.wonCount ?? 0),
    wonCents: into.wonCents + (more.wonCents ?? 0),
  };
}

/** Month figures (by month key) rolled up into the period's quarters (by quarter key, in order). */
export function quartersOf(months: readonly CalendarMonth[], byMonth: Readonly<Record<string, ForecastAmounts>>): Array<{ key: string; months: string[]; amounts: ForecastAmounts }> {
  const quarters: Array<{ key: string; months: string[]; amounts: ForecastAmounts }> = [];
  for (const month of months) {
    const key = quarterKey(month);
    let quarter = quarters.find((candidate) => candidate.key === key);
    if (!quarter) quarters.push((quarter = { key, months: [], amounts: noAmounts() }));
    quarter.months.push(monthKey(month));
    quarter.amounts = addAmounts(quarter.amounts, byMonth[monthKey(month)] ?? {});
  }
  return quarters;
}

/** Won ÷ (won + lost), as a share between 0 and 1, or null when nothing closed. */
export function winRate(won: number, lost: number): number | null {
  return won + lost === 0 ? null : won / (won + lost);
}

/** The mean of `count` durations totalling `totalMs`, in days (one decimal), or null without any. */
export function averageDays(totalMs: number, count: number): number | null {
  if (count === 0) return null;
  return Math.round((totalMs / count / 86_400_000) * 10) / 10;
}

/** The bucket (0-based month of the period) an instant falls in, or null outside (pure reference for the SQL). */
export function bucketOf(instant: Date, boundaries: readonly Date[]): number | null {
  const time = instant.getTime();
  for (let index = 0; index < boundaries.length - 1; index += 1) {
    if (time >= boundaries[index]!.getTime() && time < boundaries[index + 1]!.getTime()) return index;
  }
  return null;
}
