import type { Prisma } from "~/generated/prisma/client";
import { averageDays, winRate } from "~/domain/sales/forecast";
import { db } from "~/lib/db.server";
import { wonDealCycles } from "~/lib/sqlite-deal-forecast.server";
import type { ReportRange } from "../report-period";
import type { Figure, ReportContext } from "../report-section";
import type { DrillDownPage } from "../report-drill-down";
import { dealCells, dealColumns, dealRowSelect } from "./sales-pipeline.server";
import { contextRanges } from "./sales-scope";

/**
 * Deals closed in a period (their `closedAt`, in the workspace's days): won, lost, the win rate
 * won ÷ (won + lost) and the average cycle (creation → won, in days) of the deals won. The
 * forecast's own definitions and tallies (app/domain/sales/forecast.ts, sqlite-deal-forecast),
 * over the report's days rather than whole months. A reopened deal has no `closedAt` and counts
 * nowhere until it closes again, on its new date.
 */

type Owner = { ownerId?: string };
type Closings = { won: number; lost: number; cycleMs: number };

async function stageIds(kind: "won" | "lost") {
  return (await db().pipelineStage.findMany({ where: { kind }, select: { id: true } })).map((stage) => stage.id);
}

async function closings(owner: Owner, range: ReportRange, won: string[], lost: string[]): Promise<Closings> {
  const [cycles, lostCount] = await Promise.all([
    wonDealCycles({ from: range.from, to: range.to, wonStageIds: won, ownerId: owner.ownerId ?? null }),
    db().deal.count({ where: { ...owner, stageId: { in: lost }, closedAt: { gte: range.from, lt: range.to } } }),
  ]);
  return { won: cycles.reduce((sum, row) => sum + row.deals, 0), lost: lostCount, cycleMs: cycles.reduce((sum, row) => sum + row.cycleMs, 0) };
}

export async function loadClosings(context: ReportContext, owner: Owner): Promise<Figure[]> {
  const ranges = contextRanges(context);
  const [won, lost] = await Promise.all([stageIds("won"), stageIds("lost")]);
  const [current, previous, lastYear] = await Promise.all([ranges.period, ranges.previous, ranges.lastYear].map((range) => closings(owner, range, won, lost)));
  const three = <T>(pick: (closing: Closings) => T) => ({ value: pick(current!), previous: pick(previous!), lastYear: pick(lastYear!) });
  return [
    { id: "sales.dealsWon", label: "reporting.sales.dealsWon", hint: "reporting.sales.dealsWon.hint", format: "count", ...three((c) => c.won), trend: "up", drillDown: true },
    { id: "sales.dealsLost", label: "reporting.sales.dealsLost", hint: "reporting.sales.dealsLost.hint", format: "count", ...three((c) => c.lost), trend: "down", drillDown: true },
    { id: "sales.winRate", label: "reporting.sales.winRate", hint: "reporting.sales.winRate.hint", format: "ratio", ...three((c) => winRate(c.won, c.lost)), trend: "up", drillDown: true },
    { id: "sales.averageCycle", label: "reporting.sales.averageCycle", hint: "reporting.sales.averageCycle.hint", format: "days", ...three((c) => averageDays(c.cycleMs, c.won)), trend: "down", drillDown: false },
  ];
}

/** The deals closed in the period: won ones, lost ones, or both (what the win rate divides). */
export async function listClosedDeals(context: ReportContext, owner: Owner, kinds: Array<"won" | "lost">, page: { offset: number; limit: number | null }): Promise<DrillDownPage> {
  const range = contextRanges(context).period;
  const ids = (await Promise.all(kinds.map(stageIds))).flat();
  const where: Prisma.DealWhereInput = { ...owner, stageId: { in: ids }, closedAt: { gte: range.from, lt: range.to } };
  const [total, deals] = await Promise.all([
    db().deal.count({ where }),
    db().deal.findMany({ where, orderBy: [{ closedAt: "desc" }, { id: "desc" }], skip: page.offset, ...(page.limit === null ? {} : { take: page.limit }), select: dealRowSelect }),
  ]);
  const which = kinds.length === 2 ? "closed" : kinds[0]!;
  return {
    title: which === "won" ? "reporting.sales.dealsWon.list" : which === "lost" ? "reporting.sales.dealsLost.list" : "reporting.sales.winRate.list",
    description: which === "won" ? "reporting.sales.dealsWon.hint" : which === "lost" ? "reporting.sales.dealsLost.hint" : "reporting.sales.winRate.hint",
    columns: [...dealColumns, { key: "closedAt", label: "reporting.sales.column.closedAt", format: "date" }, { key: "cycle", label: "reporting.sales.column.cycle", format: "days" }],
    rows: deals.map((deal) => ({
      cells: {
        ...dealCells(deal),
        closedAt: deal.closedAt?.toISOString() ?? null,
        cycle: deal.closedAt ? averageDays(deal.closedAt.getTime() - deal.createdAt.getTime(), 1) : null,
      },
      href: `/ventes/affaires/${deal.id}`,
    })),
    total,
  };
}
