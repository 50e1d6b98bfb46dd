import { addDays, isoDate } from "~/domain/helpdesk/sla/business-calendar";
import {
  tallied,
  talliedBefore,
  talliedMinutes,
  talliedPerKey,
  talliedPerMeasure,
  talliedWithKeyIn,
  liveSlaTargetsDue,
} from "~/lib/sqlite-service-tally.server";
import type { TicketPlacementCount } from "~/lib/sqlite-service-report.server";
import { periodRange, type ReportPeriod } from "../report-period";
import { TALLY_TIME_ZONE } from "../service-tallies.server";
import { parsePlacementKey } from "../service-tallies";
import type { ReportContext } from "../report-section";
import type { ServicePartInput } from "./service-common.server";

/**
 * The service figures read from the daily tallies (ADR 014) instead of the tickets: for a report
 * over every ticket (a manager's) in the workspace's zone, the tallies being brought up to date by
 * the section first. A viewer limited to some groups and their own tickets reads the tickets
 * (their rule is not a tally key); both give the same numbers (tests/integration/reporting-service*).
 */
export function readsTallies(input: Pick<ServicePartInput, "scope" | "context">): boolean {
  return input.scope === null && input.context.timeZone === TALLY_TIME_ZONE;
}

const bounds = (period: ReportPeriod) => [isoDate(period.first), isoDate(period.last)] as const;

export async function talliedTickets(measure: "created" | "solved", period: ReportPeriod): Promise<number> {
  return (await talliedPerKey(measure, ...bounds(period))).get("") ?? 0;
}

/** Per day of the period, in its order. */
export async function talliedTicketsPerDay(measure: "created" | "solved", period: ReportPeriod, days: readonly string[]): Promise<number[]> {
  const rows = await tallied(measure, ...bounds(period));
  const perDay = new Map(rows.filter((row) => row.key === "").map((row) => [row.day, row.tickets]));
  return days.map((day) => perDay.get(day) ?? 0);
}

export async function talliedKinds(measure: "created" | "solved", period: ReportPeriod, kinds: { types: readonly string[]; channels: readonly string[] }) {
  const types = await talliedPerKey(`${measure}.type`, ...bounds(period));
  const channels = await talliedPerKey(`${measure}.channel`, ...bounds(period));
  return { types: kinds.types.map((type) => types.get(type) ?? 0), channels: kinds.channels.map((channel) => channels.get(channel) ?? 0) };
}

export async function talliedPlacements(measure: "created" | "solved", period: ReportPeriod): Promise<TicketPlacementCount[]> {
  const rows = await talliedPerKey(`${measure}.placement`, ...bounds(period));
  return [...rows].filter(([, tickets]) => tickets !== 0).map(([key, tickets]) => ({ ...parsePlacementKey(key), tickets }));
}

/** Tickets open at the end of the period (midnight after its last day). */
export async function talliedBacklogAtEnd(period: ReportPeriod): Promise<number> {
  return talliedBefore("open", isoDate(addDays(period.last, 1)));
}

/** Nearest-rank percentiles of a stored service time over the period (see durationPercentiles). */
export async function talliedPercentiles(duration: "firstResponse" | "resolution", period: ReportPeriod, hundredths: readonly number[]) {
  const [first, last] = bounds(period);
  const buckets = [...(await talliedPerKey(`${duration}.bucket`, first, last))]
    .map(([key, tickets]) => ({ bucket: Number(key), tickets }))
    .filter((row) => row.tickets !== 0)
    .sort((left, right) => left.bucket - right.bucket);
  const total = buckets.reduce((sum, row) => sum + row.tickets, 0);
  const values: Array<number | null> = [];
  for (const share of hundredths) {
    if (total === 0) {
      values.push(null);
      continue;
    }
    const rank = Math.max(1, Math.floor((Math.round(share) * total + 99) / 100));
    let before = 0;
    let value: number | null = null;
    for (const row of buckets) {
      if (before + row.tickets < rank) {
        before += row.tickets;
        continue;
      }
      let seen = before;
      for (const minute of await talliedMinutes(duration, row.bucket, first, last)) {
        seen += minute.tickets;
        if (seen >= rank) {
          value = minute.minutes;
          break;
        }
      }
      break;
    }
    values.push(value);
  }
  return { count: total, values };
}

/** SLA targets due in the period: final outcomes from the tallies, the others counted live. */
export async function talliedSlaTargetsDue(context: ReportContext, period: ReportPeriod) {
  const [first, last] = bounds(period);
  const sums = await talliedPerMeasure(["sla.firstResponse.met", "sla.firstResponse.missed", "sla.resolution.met", "sla.resolution.missed"], first, last);
  const both = await talliedWithKeyIn("sla.bothMissed", first, last);
  const live = await liveSlaTargetsDue(periodRange(period, context.timeZone), context.now);
  const firstResponse = { met: (sums.get("sla.firstResponse.met") ?? 0) + live.firstResponse.met, missed: (sums.get("sla.firstResponse.missed") ?? 0) + live.firstResponse.missed };
  const resolution = { met: (sums.get("sla.resolution.met") ?? 0) + live.resolution.met, missed: (sums.get("sla.resolution.missed") ?? 0) + live.resolution.missed };
  return { firstResponse, resolution, ticketsMissed: firstResponse.missed + resolution.missed - both - live.bothMissed };
}
