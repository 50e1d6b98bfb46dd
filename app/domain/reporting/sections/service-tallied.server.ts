import { addDays, isoDate } from "~/domain/helpdesk/sla/business-calendar";
import { liveSlaTargetsDue, talliedBeforeEach, talliedMinutesOf, talliedPerDay, talliedPerMeasureAndKey } from "~/lib/sqlite-service-tally.server";
import type { TicketPlacementCount } from "~/lib/sqlite-service-report.server";
import { periodRange, type ReportPeriod } from "../report-period";
import type { ReportContext } from "../report-section";
import { parsePlacementKey } from "../service-tallies";
import { TALLY_TIME_ZONE } from "../service-tallies.server";
import type { ServicePartInput } from "./service-common.server";

/**
 * The service figures read from the daily tallies (ADR 014) instead of the tickets: for a report
 * over every ticket (a manager's) in the workspace's zone, the tallies being brought up to date
 * first. A viewer limited to some groups and their own tickets reads the tickets (their rule is
 * not a tally key); both give the same numbers (tests/integration/reporting-service*.test.ts).
 *
 * A period's tallies are read once per report (one statement for every measure, kept for the
 * report's context), so the parts of the section share them.
 */
export function readsTallies(input: Pick<ServicePartInput, "scope" | "context">): boolean {
  return input.scope === null && input.context.timeZone === TALLY_TIME_ZONE;
}

const bounds = (period: ReportPeriod) => [isoDate(period.first), isoDate(period.last)] as const;
type Measure = "created" | "solved";
type Duration = "firstResponse" | "resolution";

const slaMeasures = ["sla.firstResponse.met", "sla.firstResponse.missed", "sla.firstResponse.missedOnceDue", "sla.resolution.met", "sla.resolution.missed", "sla.bothMissed", "sla.bothMissedOnceDue"];
const comparisonMeasures = ["created", "solved", "firstResponse.bucket", "resolution.bucket", ...slaMeasures];
const periodMeasures = [...comparisonMeasures, "created.type", "created.channel", "created.placement", "solved.type", "solved.channel", "solved.placement"];

type PeriodTallies = Map<string, Map<string, number>>;
const loaded = new WeakMap<ReportContext, Map<string, Promise<PeriodTallies>>>();

/** Every measure of a period (the placements, types and channels only for the period shown). */
function periodTallies(context: ReportContext, period: ReportPeriod): Promise<PeriodTallies> {
  const [first, last] = bounds(period);
  const shown = first === isoDate(context.period.first) && last === isoDate(context.period.last);
  const cacheKey = `${first}/${last}/${shown}`;
  let perPeriod = loaded.get(context);
  if (!perPeriod) loaded.set(context, (perPeriod = new Map()));
  let tallies = perPeriod.get(cacheKey);
  if (!tallies) perPeriod.set(cacheKey, (tallies = talliedPerMeasureAndKey(shown ? periodMeasures : comparisonMeasures, first, last)));
  return tallies;
}

const sum = (values: Iterable<number>) => [...values].reduce((total, value) => total + value, 0);

export async function talliedTickets(context: ReportContext, measure: Measure, period: ReportPeriod): Promise<number> {
  return (await periodTallies(context, period)).get(measure)?.get("") ?? 0;
}

/** Created and solved per day of the period shown, in its order (one statement). */
export async function talliedTicketsPerDay(context: ReportContext, days: readonly string[]): Promise<Record<Measure, number[]>> {
  const rows = await talliedPerDay(["created", "solved"], ...bounds(context.period));
  const perDay = new Map(rows.map((row) => [`${row.measure}/${row.day}`, row.tickets]));
  return {
    created: days.map((day) => perDay.get(`created/${day}`) ?? 0),
    solved: days.map((day) => perDay.get(`solved/${day}`) ?? 0),
  };
}

export async function talliedKinds(context: ReportContext, measure: Measure, kinds: { types: readonly string[]; channels: readonly string[] }) {
  const tallies = await periodTallies(context, context.period);
  const types = tallies.get(`${measure}.type`)!;
  const channels = tallies.get(`${measure}.channel`)!;
  return { types: kinds.types.map((type) => types.get(type) ?? 0), channels: kinds.channels.map((channel) => channels.get(channel) ?? 0) };
}

export async function talliedPlacements(context: ReportContext, measure: Measure): Promise<TicketPlacementCount[]> {
  const rows = (await periodTallies(context, context.period)).get(`${measure}.placement`)!;
  return [...rows].filter(([, tickets]) => tickets !== 0).map(([key, tickets]) => ({ ...parsePlacementKey(key), tickets }));
}

/** Tickets open at the end of each period (midnight after its last day), one statement. */
export async function talliedBacklogsAtEnd(periods: readonly ReportPeriod[]): Promise<number[]> {
  return talliedBeforeEach("open", periods.map((period) => isoDate(addDays(period.last, 1))));
}

/** Nearest-rank percentiles of both stored service times over a period (see durationPercentiles). */
export async function talliedPercentiles(context: ReportContext, period: ReportPeriod, hundredths: readonly number[]) {
  const tallies = await periodTallies(context, period);
  const found = (["firstResponse", "resolution"] as const).map((duration) => {
    const buckets = [...tallies.get(`${duration}.bucket`)!]
      .map(([key, tickets]) => ({ bucket: Number(key), tickets }))
      .filter((row) => row.tickets !== 0)
      .sort((left, right) => left.bucket - right.bucket);
    const total = sum(buckets.map((row) => row.tickets));
    // For each percentile: its rank, the bucket that holds it, and how many tickets come before that bucket.
    const targets = hundredths.map((share) => {
      if (total === 0) return null;
      const rank = Math.max(1, Math.floor((Math.round(share) * total + 99) / 100));
      let before = 0;
      for (const row of buckets) {
        if (before + row.tickets >= rank) return { rank, bucket: row.bucket, before };
        before += row.tickets;
      }
      return null;
    });
    return { duration, total, targets };
  });
  const wanted = new Map<string, { duration: Duration; bucket: number }>();
  for (const { duration, targets } of found) for (const target of targets) if (target) wanted.set(`${duration}/${target.bucket}`, { duration, bucket: target.bucket });
  const minutes = await talliedMinutesOf([...wanted.values()], ...bounds(period));
  const result = {} as Record<Duration, { count: number; values: Array<number | null> }>;
  for (const { duration, total, targets } of found) {
    result[duration] = {
      count: total,
      values: targets.map((target) => {
        if (!target) return null;
        let seen = target.before;
        for (const row of minutes.filter((item) => item.duration === duration && item.bucket === target.bucket).sort((left, right) => left.minutes - right.minutes)) {
          seen += row.tickets;
          if (seen >= target.rank) return row.minutes;
        }
        return null;
      }),
    };
  }
  return result;
}

/** SLA targets due in the period: from the tallies, corrected by what depends on the time (liveSlaTargetsDue). */
export async function talliedSlaTargetsDue(context: ReportContext, period: ReportPeriod) {
  const [first, last] = bounds(period);
  const tallies = await periodTallies(context, period);
  const total = (measure: string) => sum(tallies.get(measure)!.values());
  // "Missed both" is counted by the first response's due day, with the resolution's as key.
  const both = (measure: string) => sum([...tallies.get(measure)!].filter(([resolutionDay]) => resolutionDay >= first && resolutionDay <= last).map(([, tickets]) => tickets));
  const live = await liveSlaTargetsDue(periodRange(period, context.timeZone), context.now);
  const firstResponse = { met: total("sla.firstResponse.met"), missed: total("sla.firstResponse.missed") + total("sla.firstResponse.missedOnceDue") - live.firstResponseNotDue };
  const resolution = { met: total("sla.resolution.met"), missed: total("sla.resolution.missed") + live.resolutionMissed };
  const bothMissed = both("sla.bothMissed") + both("sla.bothMissedOnceDue") - live.bothNotDue + live.bothUnsolved;
  return { firstResponse, resolution, ticketsMissed: firstResponse.missed + resolution.missed - bothMissed };
}
