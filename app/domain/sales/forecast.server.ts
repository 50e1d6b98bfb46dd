import { listCompanyOwners } from "~/domain/customers/company-records.server";
import { db } from "~/lib/db.server";
import { dealTalliesByMonth, wonDealCycles } from "~/lib/sqlite-deal-forecast.server";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
import { monthKey } from "./calendar-months";
import { addAmounts, averageDays, type ForecastAmounts, type ForecastPeriod, noAmounts, periodBoundaries, periodMonths, quartersOf, winRate } from "./forecast";
import { ownedRecordsWhere, type SalesViewer } from "./sales-access";

/**
 * The forecast for a period: open deals' amounts (unweighted and weighted by their stage's
 * probability) by expected-close month and quarter, against what was won in those months; the
 * win rate and the average cycle length (creation → won) of the deals closed in the period. Per
 * owner and for the team; a rep sees their own figures. Everything comes from aggregates (a few
 * rows per owner, stage and month), never from reading the deals.
 */

export type ForecastFigures = {
  byMonth: Record<string, ForecastAmounts>;
  byQuarter: Array<{ key: string; months: string[]; amounts: ForecastAmounts }>;
  total: ForecastAmounts;
  won: number;
  lost: number;
  winRate: number | null;
  averageCycleDays: number | null;
};

export type Forecast = {
  months: string[];
  team: ForecastFigures;
  owners: Array<{ id: string; name: string } & ForecastFigures>;
  /** Open deals of the same owners with no expected close date (not in any month). */
  undated: { count: number; amountCents: number };
};

type OwnerAccumulator = { byMonth: Record<string, ForecastAmounts>; won: number; lost: number; cycleMs: number };

/**
 * `ownerId` narrows a manager's forecast to one owner (null: the whole team); a rep's forecast is
 * always their own. Null when the viewer reads no deals.
 */
export async function loadForecast(viewer: SalesViewer, options: { period: ForecastPeriod; ownerId: string | null }): Promise<Forecast | null> {
  const owned = ownedRecordsWhere(viewer, "read");
  if (!owned) return null;
  const ownerId = owned.ownerId ?? options.ownerId;
  const months = periodMonths(options.period);
  const keys = months.map(monthKey);
  const boundaries = periodBoundaries(options.period, WORKSPACE_TIME_ZONE);
  const from = boundaries[0]!;
  const to = boundaries[boundaries.length - 1]!;

  const stages = await db().pipelineStage.findMany({ select: { id: true, kind: true, probability: true } });
  const idsOf = (kind: string) => stages.filter((stage) => stage.kind === kind).map((stage) => stage.id);
  const probability = new Map(stages.map((stage) => [stage.id, stage.probability]));
  const owner = ownerId ? { ownerId } : {};

  const [open, won, cycles, lost, undated] = await Promise.all([
    dealTalliesByMonth({ dateColumn: "expectedCloseDate", boundaries, stageIds: idsOf("open"), ownerId }),
    dealTalliesByMonth({ dateColumn: "closedAt", boundaries, stageIds: idsOf("won"), ownerId }),
    wonDealCycles({ from, to, wonStageIds: idsOf("won"), ownerId }),
    db().deal.groupBy({ by: ["ownerId"], where: { ...owner, stageId: { in: idsOf("lost") }, closedAt: { gte: from, lt: to } }, _count: { _all: true } }),
    db().deal.aggregate({ where: { ...owner, stageId: { in: idsOf("open") }, expectedCloseDate: null }, _count: { _all: true }, _sum: { amountCents: true } }),
  ]);

  const perOwner = new Map<string, OwnerAccumulator>();
  const accumulator = (id: string) => {
    let entry = perOwner.get(id);
    if (!entry) perOwner.set(id, (entry = { byMonth: {}, won: 0, lost: 0, cycleMs: 0 }));
    return entry;
  };
  const add = (id: string, bucket: number, amounts: Parameters<typeof addAmounts>[1]) => {
    const entry = accumulator(id);
    const key = keys[bucket];
    if (!key) return;
    entry.byMonth[key] = addAmounts(entry.byMonth[key] ?? noAmounts(), amounts);
  };
  for (const row of open) {
    add(row.ownerId, row.bucket, { openCount: row.deals, openCents: row.amountCents, weightedExact: row.amountCents * (probability.get(row.stageId) ?? 0) });
  }
  for (const row of won) add(row.ownerId, row.bucket, { wonCount: row.deals, wonCents: row.amountCents });
  for (const row of cycles) {
    const entry = accumulator(row.ownerId);
    entry.won += row.deals;
    entry.cycleMs += row.cycleMs;
  }
  for (const row of lost) accumulator(row.ownerId).lost += row._count._all;

  const figures = (entry: OwnerAccumulator): ForecastFigures => {
    const byMonth = Object.fromEntries(keys.map((key) => [key, entry.byMonth[key] ?? noAmounts()]));
    return {
      byMonth,
      byQuarter: quartersOf(months, byMonth),
      total: keys.reduce((sum, key) => addAmounts(sum, byMonth[key]!), noAmounts()),
      won: entry.won,
      lost: entry.lost,
      winRate: winRate(entry.won, entry.lost),
      averageCycleDays: averageDays(entry.cycleMs, entry.won),
    };
  };

  const team: OwnerAccumulator = { byMonth: {}, won: 0, lost: 0, cycleMs: 0 };
  for (const entry of perOwner.values()) {
    for (const [key, amounts] of Object.entries(entry.byMonth)) team.byMonth[key] = addAmounts(team.byMonth[key] ?? noAmounts(), amounts);
    team.won += entry.won;
    team.lost += entry.lost;
    team.cycleMs += entry.cycleMs;
  }

  // Owners with figures, by name; a rep always sees their own line.
  const ids = new Set([...perOwner.keys(), ...(ownerId ? [ownerId] : [])]);
  const users = await db().user.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true }, orderBy: { name: "asc" } });
  return {
    months: keys,
    team: figures(team),
    owners: users.map((user) => ({ ...user, ...figures(perOwner.get(user.id) ?? { byMonth: {}, won: 0, lost: 0, cycleMs: 0 }) })),
    undated: { count: undated._count._all, amountCents: Number(undated._sum.amountCents ?? 0) },
  };
}

/** The owners a manager may pick in the forecast's filter. */
export async function forecastOwnerChoices(viewer: SalesViewer) {
  const owned = ownedRecordsWhere(viewer, "read");
  if (!owned) return [];
  if (owned.ownerId) return [];
  return listCompanyOwners();
}
